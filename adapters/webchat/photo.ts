/**
 * A web chat photo upload -> the engine's photo input. Three checks keep a photo from costing
 * CPU or being kept when it should not:
 * 1. Is a photo being asked for? (src/runtime/awaiting-photo.ts) If not, nothing is decoded or
 *    stored: the engine gets a photo it declines ("I'm not asking for a photo ... I didn't keep
 *    that one") and asks its question again.
 * 2. Is it an accepted image (magic bytes agree with the declared type) within the size limit?
 *    If not, it is not decoded; the engine declines it from its type and size.
 * 3. Is there room in the process's decode pool (src/media/photo-decoding.ts)? If not, the
 *    upload is refused with 503 `busy` and Retry-After (PhotoDecodeBusyError), which the widget
 *    retries; nothing was stored. Otherwise the photo is re-encoded without metadata within the
 *    pixel and byte budgets (src/media/strip-metadata.ts) and stored; a file that does not
 *    decode goes to the engine as octet-stream, declined like any other non-image.
 */
import crypto from 'node:crypto';
import type { Input } from '../../src/engine/input';
import { sniffImage } from '../../src/media/image-type';
import { stripInPool } from '../../src/media/photo-decoding';
import { awaitingPhoto } from '../../src/runtime/awaiting-photo';
import type { RuntimeDeps } from '../../src/runtime/deps';
import { BusyError } from '../../src/runtime/status-updates';

export { sniffImage, type ImageType } from '../../src/media/image-type';

/** What the engine is told about bytes it must not accept. */
const NOT_AN_IMAGE = 'application/octet-stream';

/**
 * The content type to tell the engine: the sniffed image type when the client's declared type
 * agrees with it (`image/jpg` is taken for `image/jpeg`), else `application/octet-stream`, which
 * the engine declines politely.
 */
export function effectiveContentType(declared: string, data: Buffer): string {
  const sniffed = sniffImage(data);
  if (sniffed === null) return NOT_AN_IMAGE;
  const normalized = declared.trim().toLowerCase().split(';')[0]?.trim() ?? '';
  const claimed = normalized === 'image/jpg' || normalized === 'image/pjpeg' ? 'image/jpeg' : normalized;
  return claimed === sniffed ? sniffed : NOT_AN_IMAGE;
}

/**
 * Every decoding slot and queue place of this process is taken: 503 `busy` with Retry-After
 * (the app's error handler answers every BusyError so). Nothing was decoded or stored.
 */
export class PhotoDecodeBusyError extends BusyError {
  constructor() {
    super();
    this.message = 'too many photos are being processed right now; nothing was kept, please send it again in a moment';
    this.name = 'PhotoDecodeBusyError';
  }
}

/**
 * The engine input for a photo the person (already authenticated) sent to `conversationId`,
 * storing the re-encoded photo when one is being asked for. Throws PhotoDecodeBusyError when
 * the decode pool is full, and StoreUnavailableError when the store is.
 */
export async function photoInput(
  deps: Pick<RuntimeDeps, 'store' | 'env' | 'engine' | 'media' | 'logger' | 'ttl'>,
  conversationId: string,
  declaredType: string,
  received: Buffer,
): Promise<Input> {
  const mediaId = crypto.randomBytes(16).toString('base64url');
  const contentType = effectiveContentType(declaredType, received);
  const declined: Input = { kind: 'photo', mediaId, contentType: NOT_AN_IMAGE, bytes: received.length };
  if (!(await awaitingPhoto(deps, conversationId))) return declined;
  if (contentType === NOT_AN_IMAGE || received.length > deps.env.limits.photoMaxBytes) {
    return { kind: 'photo', mediaId, contentType, bytes: received.length };
  }
  const result = await stripInPool(received, contentType);
  if (result.kind === 'busy') throw new PhotoDecodeBusyError();
  if (result.kind === 'undecodable') {
    deps.logger.info({ reason: result.reason }, 'web chat photo could not be decoded; declined');
    return declined;
  }
  const { photo } = result;
  await deps.media.put(mediaId, photo.contentType, photo.data, deps.ttl.sessionSeconds);
  return { kind: 'photo', mediaId, contentType: photo.contentType, bytes: photo.data.length };
}
