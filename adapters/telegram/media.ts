/**
 * Telegram photos are not downloaded when they arrive: the turn only records a media id
 * (`tg-` + a hash of the file's unique id) and a small reference to the Telegram file, kept in
 * the MediaStore under that id. The bytes are fetched through the Bot API (`getFile`, then
 * `<apiRoot>/file/bot<token>/<file_path>`) only when a sink asks for the photo, i.e. when the
 * report is forwarded; the downloaded bytes then replace the reference, so a retried delivery
 * does not download again. The download URL contains the bot token: it is used here and never
 * stored, logged or handed to a sink.
 *
 * A photo is remembered only while a photo is being asked for (admitTelegramPhoto); one sent at
 * any other question is never kept, fetched or decoded.
 */
import crypto from 'node:crypto';
import { TelegramError, type Telegram } from 'telegraf';
import type { Input } from '../../src/engine/input';
import type { Logger } from '../../src/log';
import { sniffImage } from '../../src/media/image-type';
import { stripInPool } from '../../src/media/photo-decoding';
import { awaitingPhoto } from '../../src/runtime/awaiting-photo';
import type { RuntimeDeps } from '../../src/runtime/deps';
import type { MediaStore } from '../../src/state/types';
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

/**
 * The engine input for a photo sent to a Telegram chat. Only when the conversation's open
 * question asks for a photo is the file remembered (and later fetched and decoded); otherwise
 * nothing is kept and the engine gets a photo it declines ("I'm not asking for a photo ... I
 * didn't keep that one"), then asks its question again.
 */
export async function admitTelegramPhoto(
  runtime: Pick<RuntimeDeps, 'store' | 'env' | 'engine' | 'media' | 'ttl'>,
  conversationId: string,
  input: Extract<Input, { kind: 'photo' }>,
  photo: TgPhotoSize,
): Promise<Input> {
  if (!(await awaitingPhoto(runtime, conversationId))) return { ...input, contentType: 'application/octet-stream' };
  await rememberTelegramFile(runtime.media, input.mediaId, photo, runtime.ttl.sessionSeconds);
  return input;
}

/** Downloads a Telegram file's bytes; throws on failure (the sink retries later). */
export type TelegramFileFetcher = (fileId: string) => Promise<Buffer>;

/** getFile + a download from the Bot API's file endpoint, with a size cap and a timeout. */
export function botApiFileFetcher(telegram: Telegram, maxBytes: number, timeoutMs = 30_000): TelegramFileFetcher {
  return async (fileId) => {
    let link: URL;
    try {
      link = await telegram.getFileLink(fileId);
    } catch (error) {
      // Named by its Bot API method, so a dead letter says which call failed. A Bot API error
      // carries Telegram's own description; anything else only its name (a network error's
      // message quotes the URL, which holds the token).
      const why = error instanceof TelegramError ? `${error.code}: ${error.description}` : error instanceof Error ? error.name : 'error';
      throw new TelegramFileError(`telegram getFile failed (${why})`);
    }
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
  readonly code: 'telegram_file_unavailable' | 'photo_decode_busy' = 'telegram_file_unavailable';
  constructor(message: string, code?: 'photo_decode_busy') {
    super(message);
    this.name = 'TelegramFileError';
    if (code !== undefined) this.code = code;
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

  delete(id: string): Promise<void> {
    return this.inner.delete(id);
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
    // Cached and forwarded without its metadata (EXIF, GPS), re-encoded in the process's decode
    // pool: see src/media/strip-metadata.ts and photo-decoding.ts. A full pool is a retryable
    // failure: the delivery is tried again later (with backoff), when the pool has room.
    const result = await stripInPool(data, sniffed);
    if (result.kind === 'busy') throw new TelegramFileError('photo decode pool is full; try again later', 'photo_decode_busy');
    if (result.kind === 'undecodable') {
      this.opts.logger.warn({ mediaId: id, reason: result.reason }, 'telegram photo could not be decoded; not forwarded');
      return null;
    }
    const stripped = result.photo;
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
