/**
 * Telegram photos are not downloaded when they arrive: the turn only records a media id
 * (`tg-` + a hash of the file's unique id) and a small reference to the Telegram file, kept in
 * the MediaStore under that id. The bytes are fetched through the Bot API (`getFile`, then
 * `<apiRoot>/file/bot<token>/<file_path>`) only when a sink asks for the photo, i.e. when the
 * report is forwarded; the downloaded bytes then replace the reference, so a retried delivery
 * does not download again. The download URL contains the bot token: it is used here and never
 * stored, logged or handed to a sink.
 */
import crypto from 'node:crypto';
import type { Telegram } from 'telegraf';
import type { Logger } from '../../src/log';
import { PhotoUndecodableError, stripMetadata } from '../../src/media/strip-metadata';
import type { MediaStore } from '../../src/state/types';
import { sniffImage } from '../webchat/photo';
import type { TgPhotoSize } from './update-schema';

/** Content type of a stored reference (never a real upload type, so never confused with one). */
export const TELEGRAM_FILE_REF = 'application/vnd.wegov.telegram-file+json';
export const TELEGRAM_MEDIA_PREFIX = 'tg-';

/** The media id for a Telegram file: stable, so the same photo sent twice maps to one id. */
export function telegramMediaId(photo: TgPhotoSize): string {
  const key = photo.file_unique_id ?? photo.file_id;
  return TELEGRAM_MEDIA_PREFIX + crypto.createHash('sha256').update(key).digest('base64url').slice(0, 24);
}

/** Remembers which Telegram file a media id stands for. */
export async function rememberTelegramFile(media: MediaStore, mediaId: string, photo: TgPhotoSize, ttlSeconds: number): Promise<void> {
  const ref = Buffer.from(JSON.stringify({ fileId: photo.file_id }), 'utf8');
  await media.put(mediaId, TELEGRAM_FILE_REF, ref, ttlSeconds);
}

/** Downloads a Telegram file's bytes; throws on failure (the sink retries later). */
export type TelegramFileFetcher = (fileId: string) => Promise<Buffer>;

/** getFile + a download from the Bot API's file endpoint, with a size cap and a timeout. */
export function botApiFileFetcher(telegram: Telegram, maxBytes: number, timeoutMs = 30_000): TelegramFileFetcher {
  return async (fileId) => {
    const link = await telegram.getFileLink(fileId);
    let res: Response;
    try {
      res = await fetch(link, { signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      // The error may quote the URL, which holds the token: never pass it on.
      throw new TelegramFileError(`telegram file download failed (${error instanceof Error ? error.name : 'error'})`);
    }
    if (!res.ok) throw new TelegramFileError(`telegram file download failed with HTTP ${res.status}`);
    const data = Buffer.from(await res.arrayBuffer());
    if (data.length > maxBytes) throw new TelegramFileError('telegram file is larger than the photo limit');
    return data;
  };
}

export class TelegramFileError extends Error {
  readonly code = 'telegram_file_unavailable';
  constructor(message: string) {
    super(message);
    this.name = 'TelegramFileError';
  }
}

/**
 * A MediaStore that resolves Telegram file references on `get`, passing everything else
 * through. Wraps the process's store for the outbox relay (and the runtime).
 */
export class TelegramMediaStore implements MediaStore {
  constructor(
    private readonly inner: MediaStore,
    private readonly fetchFile: TelegramFileFetcher,
    private readonly opts: { ttlSeconds: number; logger: Logger },
  ) {}

  put(id: string, contentType: string, data: Buffer, ttlSeconds: number): Promise<void> {
    return this.inner.put(id, contentType, data, ttlSeconds);
  }

  async get(id: string): Promise<{ contentType: string; data: Buffer } | null> {
    const stored = await this.inner.get(id);
    if (!stored || stored.contentType !== TELEGRAM_FILE_REF) return stored;
    const fileId = parseRef(stored.data);
    if (fileId === null) return null;
    const data = await this.fetchFile(fileId);
    const sniffed = sniffImage(data);
    if (sniffed === null) {
      this.opts.logger.warn({ mediaId: id }, 'telegram file is not a JPEG, PNG or WebP image; not forwarded');
      return null;
    }
    // Cached and forwarded without its metadata (EXIF, GPS): see src/media/strip-metadata.ts.
    let stripped: { contentType: string; data: Buffer };
    try {
      stripped = await stripMetadata(data, sniffed);
    } catch (error) {
      if (!(error instanceof PhotoUndecodableError)) throw error;
      this.opts.logger.warn({ mediaId: id, reason: error.message }, 'telegram photo could not be decoded; not forwarded');
      return null;
    }
    await this.inner.put(id, stripped.contentType, stripped.data, this.opts.ttlSeconds);
    this.opts.logger.info({ mediaId: id, bytes: stripped.data.length }, 'telegram photo fetched for forwarding');
    return { contentType: stripped.contentType, data: stripped.data };
  }
}

function parseRef(data: Buffer): string | null {
  try {
    const parsed = JSON.parse(data.toString('utf8')) as { fileId?: unknown };
    return typeof parsed.fileId === 'string' ? parsed.fileId : null;
  } catch {
    return null;
  }
}
