/**
 * Every photo is re-encoded with sharp (libvips) before WeGov keeps it, for two reasons.
 *
 * Privacy: nobody downstream (the agency, a webhook, the JSONL copy) ever sees the camera's
 * metadata. EXIF (GPS position, camera serial, time), XMP, IPTC, comments and ICC profiles are
 * dropped: sharp writes no metadata unless `keepMetadata`/`withMetadata` is called, and it is
 * never called here. The EXIF orientation is applied to the pixels first (`rotate()`), so the
 * picture still looks right once the tag that described it is gone.
 *
 * Bounded cost: a photo is evidence for an agency, not an archive, and one hostile file must not
 * cost a process seconds of CPU (a 2 MB 1-bit noise PNG re-encoded as PNG at compression level 9
 * took 18 s). So:
 * - The output is always a baseline JPEG (quality 80, libjpeg-turbo settings: no mozjpeg trellis
 *   or scan optimisation), whatever came in. JPEG is the cheapest bounded encode sharp has (WebP
 *   at effort 2 cost 3x more on noise) and every agency system reads it. PNG output was dropped
 *   on purpose, screenshots included: deflate's cost depends on the content, which is exactly what
 *   an attacker controls; a screenshot at quality 80 and 2048 px stays readable. Transparency is
 *   flattened onto white.
 * - Pixel budget: at most MAX_DIMENSION (2048) px on the long side, i.e. at most 4.2 megapixels.
 *   JPEG and WebP inputs are shrunk while they are decoded (libjpeg/libwebp scaling).
 * - Byte budget: an encode larger than OUTPUT_MAX_BYTES (pure noise, ~2.2 MB at 2048 px) is
 *   encoded once more, smaller and at quality 70, from the pixels already decoded: at most one
 *   decode and two encodes per photo, never a search.
 * - The decoder refuses images above MAX_INPUT_PIXELS from their header, before decoding (a
 *   "decompression bomb": 100 megapixels of one colour is a 300 KB PNG), stops on the first
 *   decoder warning (a truncated or corrupt file), and gives up after TIMEOUT_SECONDS.
 * Measured on the project's machine (`npm run bench`, bench/photo-cost.ts): at most about 0.5 s
 * of CPU for each hostile kind (the worst, a 50 MP progressive JPEG: 0.48 s; the 2 MB noise PNG:
 * 0.3 s; a bomb is refused in 1 ms). How many photos are decoded at once: photo-decoding.ts.
 *
 * Expected outcomes are values: an undecodable photo is `{ kind: 'undecodable' }`, not a throw.
 */
import { sharpModule } from './sharp-module';
import type { ImageType } from './image-type';

/** Longest side of a stored photo, in pixels (2048 x 2048 = 4.2 megapixels at most). */
export const MAX_DIMENSION = 2048;
/**
 * Largest decoded input accepted: 50 megapixels (a 50 MP phone sensor is 8160 x 6120). A larger
 * photo does not fit the 5 MiB upload limit at a quality worth keeping anyway.
 */
export const MAX_INPUT_PIXELS = 50_000_000;
/** A stored photo larger than this is encoded once more, smaller (see the header). */
export const OUTPUT_MAX_BYTES = 1_500_000;
/** JPEG quality of a stored photo; the second, smaller encode uses SECOND_QUALITY. */
export const JPEG_QUALITY = 80;
const SECOND_QUALITY = 70;
/** Wall-clock seconds one decode may take before the photo is refused (sharp counts whole seconds). */
export const TIMEOUT_SECONDS = 3;

/** The content type every stored photo has. */
export const STORED_PHOTO_TYPE = 'image/jpeg' satisfies ImageType;

/** A photo as WeGov keeps it: JPEG, upright, no metadata, within the pixel and byte budgets. */
export interface StrippedPhoto {
  data: Buffer;
  contentType: typeof STORED_PHOTO_TYPE;
  width: number;
  height: number;
}

/**
 * `stripped`: the photo to keep. `undecodable`: not a JPEG, PNG or WebP sharp can decode within
 * the limits (wrong type, corrupt, too many pixels, too slow); `reason` is the decoder's first
 * line, which names no personal data.
 */
export type StripResult = { kind: 'stripped'; photo: StrippedPhoto } | { kind: 'undecodable'; reason: string };

const FORMATS: Record<ImageType, 'jpeg' | 'png' | 'webp'> = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/webp': 'webp' };

const isImageType = (type: string): type is ImageType => type in FORMATS;

/**
 * Re-encodes `data` (declared as `contentType`, which must be one of the accepted image types
 * and match what the bytes decode as) as a JPEG without metadata, upright and within the pixel
 * and byte budgets. Decode it through the process's pool (photo-decoding.ts), not directly.
 */
export async function stripMetadata(data: Buffer, contentType: string): Promise<StripResult> {
  if (!isImageType(contentType)) return { kind: 'undecodable', reason: `not an accepted image type: ${contentType}` };
  const format = FORMATS[contentType];
  const sharp = sharpModule();
  try {
    const input = sharp(data, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'warning', sequentialRead: true, animated: false });
    const meta = await input.metadata();
    if (meta.format !== format) return { kind: 'undecodable', reason: `declared ${contentType} but the file decodes as ${String(meta.format)}` };
    const { data: pixels, info } = await input
      .rotate()
      .resize({ width: MAX_DIMENSION, height: MAX_DIMENSION, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .timeout({ seconds: TIMEOUT_SECONDS })
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
    let out = await sharp(pixels, raw).jpeg({ quality: JPEG_QUALITY, mozjpeg: false }).toBuffer({ resolveWithObject: true });
    if (out.data.length > OUTPUT_MAX_BYTES) {
      // JPEG size grows about with the pixel count: aim 10% under the budget in one step.
      const scale = Math.sqrt(OUTPUT_MAX_BYTES / out.data.length) * 0.9;
      const width = Math.max(1, Math.floor(info.width * scale));
      out = await sharp(pixels, raw).resize({ width }).jpeg({ quality: SECOND_QUALITY, mozjpeg: false }).toBuffer({ resolveWithObject: true });
    }
    return { kind: 'stripped', photo: { data: out.data, contentType: STORED_PHOTO_TYPE, width: out.info.width, height: out.info.height } };
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : 'unknown error';
    return { kind: 'undecodable', reason: `photo could not be decoded: ${reason}` };
  }
}
