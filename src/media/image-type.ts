/**
 * The image types WeGov accepts, recognised from their magic bytes (never from what a client
 * or a file name claims). Lives in src/media so the media code and every adapter share it;
 * adapters depend on src/, never the other way round.
 */

/** Image types WeGov accepts, identified by their magic bytes. */
export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp';

/** What the bytes are, from their signature; null when they are none of the accepted images. */
export function sniffImage(data: Buffer): ImageType | null {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (data.length >= 8 && png.every((b, i) => data[i] === b)) return 'image/png';
  if (data.length >= 12 && data.toString('latin1', 0, 4) === 'RIFF' && data.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return null;
}
