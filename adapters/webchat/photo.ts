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

/**
 * The content type to tell the engine: the sniffed image type when the client's declared type
 * agrees with it (`image/jpg` is taken for `image/jpeg`), else `application/octet-stream`, which
 * the engine declines politely.
 */
export function effectiveContentType(declared: string, data: Buffer): string {
  const sniffed = sniffImage(data);
  if (sniffed === null) return 'application/octet-stream';
  const normalized = declared.trim().toLowerCase().split(';')[0]?.trim() ?? '';
  const claimed = normalized === 'image/jpg' || normalized === 'image/pjpeg' ? 'image/jpeg' : normalized;
  return claimed === sniffed ? sniffed : 'application/octet-stream';
}
