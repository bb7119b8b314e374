/**
 * Photos are re-encoded with sharp (libvips) before WeGov keeps them, so nobody downstream (the
 * agency, a webhook, the JSONL copy) ever sees the camera's metadata: EXIF (GPS position, camera
 * serial, time), XMP, IPTC, comments and ICC profiles are dropped. sharp writes no metadata
 * unless `keepMetadata`/`withMetadata` is called, and it is never called here. The EXIF
 * orientation is applied to the pixels first (`rotate()`), so the picture still looks right
 * once the tag that described it is gone.
 *
 * Defences against hostile files: the decoder refuses images above MAX_INPUT_PIXELS from their
 * header (a "decompression bomb" that is small on the wire but huge in memory), stops on the
 * first decoder warning (a truncated or corrupt file), and gives up after a timeout. The output
 * is at most MAX_DIMENSION pixels on its long side.
 */
import sharp from 'sharp';
import type { ImageType } from '../../adapters/webchat/photo';

/** Longest side of a stored photo, in pixels. */
export const MAX_DIMENSION = 4096;
/** Largest decoded input accepted: 100 megapixels (a 12,000 x 8,000 photo is 96). */
export const MAX_INPUT_PIXELS = 100_000_000;
/** CPU time a single photo may take before it is refused. */
const TIMEOUT_SECONDS = 20;

export interface StrippedPhoto {
  data: Buffer;
  contentType: ImageType;
  width: number;
  height: number;
}

/** The bytes are not a JPEG, PNG or WebP sharp can decode within the limits. */
export class PhotoUndecodableError extends Error {
  readonly code = 'photo_undecodable';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PhotoUndecodableError';
  }
}

const FORMATS: Record<ImageType, 'jpeg' | 'png' | 'webp'> = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/webp': 'webp' };

/**
 * Re-encodes `data` (declared as `contentType`, which must be one of the accepted image types)
 * in the same format, without metadata, upright and at most MAX_DIMENSION px on its long side.
 * Throws PhotoUndecodableError for anything else.
 */
export async function stripMetadata(data: Buffer, contentType: string): Promise<StrippedPhoto> {
  const format = FORMATS[contentType as ImageType];
  if (format === undefined) throw new PhotoUndecodableError(`not an accepted image type: ${contentType}`);
  try {
    const input = sharp(data, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'warning', sequentialRead: true, animated: false });
    const meta = await input.metadata();
    if (meta.format !== format) throw new PhotoUndecodableError(`declared ${contentType} but the file decodes as ${String(meta.format)}`);
    let pipeline = input
      .rotate()
      .resize({ width: MAX_DIMENSION, height: MAX_DIMENSION, fit: 'inside', withoutEnlargement: true })
      .timeout({ seconds: TIMEOUT_SECONDS });
    if (format === 'jpeg') pipeline = pipeline.jpeg({ quality: 85, mozjpeg: true });
    else if (format === 'png') pipeline = pipeline.png({ compressionLevel: 9 });
    else pipeline = pipeline.webp({ quality: 85 });
    const { data: out, info } = await pipeline.toBuffer({ resolveWithObject: true });
    return { data: out, contentType: contentType as ImageType, width: info.width, height: info.height };
  } catch (error) {
    if (error instanceof PhotoUndecodableError) throw error;
    const reason = error instanceof Error ? error.message.split('\n')[0] : 'unknown error';
    throw new PhotoUndecodableError(`photo could not be decoded: ${reason}`, { cause: error });
  }
}
