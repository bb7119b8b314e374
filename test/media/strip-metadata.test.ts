/**
 * What WeGov keeps of a photo: a JPEG without metadata, upright, within the pixel budget
 * (2048 px on the long side) and the byte budget, whatever came in; hostile files are refused
 * or come back small. CPU figures for the same files are in `npm run bench` (photo-cost.ts).
 */
import sharp from 'sharp';
import { MAX_DIMENSION, MAX_INPUT_PIXELS, OUTPUT_MAX_BYTES, stripMetadata, type StrippedPhoto, type StripResult } from '../../src/media/strip-metadata';
import { carriesMetadata, NO_METADATA, photoWithGps } from '../support/photos';
import { noisePng, pngBomb } from './hostile-photos';

function stripped(result: StripResult): StrippedPhoto {
  if (result.kind !== 'stripped') throw new Error(`expected a stripped photo, got ${JSON.stringify(result)}`);
  return result.photo;
}

describe('stripMetadata', () => {
  it.each(['jpeg', 'png', 'webp'] as const)('re-encodes a %s as a JPEG without EXIF, GPS, XMP or IPTC', async (format) => {
    const original = await photoWithGps(format);
    const before = await carriesMetadata(original);
    expect(before.exif).toBe(true);
    expect(before.xmp).toBe(true);
    expect(before.text).toBe(true);

    const out = stripped(await stripMetadata(original, `image/${format}`));
    expect(out.contentType).toBe('image/jpeg');
    expect(await carriesMetadata(out.data)).toEqual(NO_METADATA);
    const meta = await sharp(out.data).metadata();
    expect(meta.format).toBe('jpeg');
    expect({ width: meta.width, height: meta.height }).toEqual({ width: 64, height: 32 });
    expect({ width: out.width, height: out.height }).toEqual({ width: 64, height: 32 });
  });

  it('applies the EXIF orientation to the pixels before dropping the tag', async () => {
    // Stored 64x32 (red left, blue right) with orientation 6: upright it is 32x64, red on top.
    const original = await photoWithGps('jpeg', { orientation: 6 });
    expect((await sharp(original).metadata()).orientation).toBe(6);
    const out = stripped(await stripMetadata(original, 'image/jpeg'));
    const meta = await sharp(out.data).metadata();
    expect(meta.orientation).toBeUndefined();
    expect({ width: meta.width, height: meta.height }).toEqual({ width: 32, height: 64 });
    const { data, info } = await sharp(out.data).raw().toBuffer({ resolveWithObject: true });
    const px = (x: number, y: number) => Array.from(data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3));
    const [tr, , tb] = px(16, 8);
    const [br, , bb] = px(16, 56);
    expect(tr).toBeGreaterThan(200);
    expect(tb).toBeLessThan(60);
    expect(br).toBeLessThan(60);
    expect(bb).toBeGreaterThan(200);
  });

  it(`scales a large photo down to ${MAX_DIMENSION} px on its long side`, async () => {
    const big = await sharp({ create: { width: 5000, height: 2500, channels: 3, background: 'green' } }).jpeg().toBuffer();
    const out = stripped(await stripMetadata(big, 'image/jpeg'));
    expect({ width: out.width, height: out.height }).toEqual({ width: 2048, height: 1024 });
    expect(await sharp(out.data).metadata()).toMatchObject({ width: 2048, height: 1024 });
  });

  it('flattens a transparent PNG onto white (a JPEG has no transparency)', async () => {
    const clear = await sharp({ create: { width: 16, height: 16, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    const out = stripped(await stripMetadata(clear, 'image/png'));
    const { data, info } = await sharp(out.data).raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(3);
    expect(Math.min(...data)).toBeGreaterThan(240);
  });

  it('turns the 2 MB noise PNG of issue 9 into a JPEG within the pixel and byte budgets', async () => {
    const noise = noisePng();
    expect(noise.length).toBeGreaterThan(2_000_000);
    expect(await sharp(noise).metadata()).toMatchObject({ format: 'png', width: 4096, height: 4096 });

    const out = stripped(await stripMetadata(noise, 'image/png'));
    expect(out.contentType).toBe('image/jpeg');
    expect(out.data.length).toBeLessThanOrEqual(OUTPUT_MAX_BYTES);
    expect(out.data.length).toBeLessThan(noise.length);
    expect(Math.max(out.width, out.height)).toBeLessThanOrEqual(MAX_DIMENSION);
    const meta = await sharp(out.data).metadata();
    expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({ format: 'jpeg', width: out.width, height: out.height });
    expect(await carriesMetadata(out.data)).toEqual(NO_METADATA);
  });

  it(`refuses a 100-megapixel PNG of one colour (a 12 KB decompression bomb) from its header`, async () => {
    const bomb = pngBomb();
    expect(bomb.length).toBeLessThan(50_000);
    expect(await sharp(bomb, { limitInputPixels: false }).metadata()).toMatchObject({ width: 10_000, height: 10_000 });
    expect(10_000 * 10_000).toBeGreaterThan(MAX_INPUT_PIXELS);
    const result = await stripMetadata(bomb, 'image/png');
    expect(result).toEqual({ kind: 'undecodable', reason: expect.stringMatching(/pixel limit/) });
  });

  it('refuses a truncated JPEG, garbage behind a JPEG signature, and a type that does not match', async () => {
    const jpeg = await photoWithGps('jpeg', { width: 256, height: 256 });
    const truncated = jpeg.subarray(0, Math.floor(jpeg.length / 2));
    const garbage = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 0x41)]);
    for (const [data, type] of [
      [truncated, 'image/jpeg'],
      [garbage, 'image/jpeg'],
      [jpeg, 'image/png'],
      [jpeg, 'image/gif'],
      [Buffer.alloc(0), 'image/jpeg'],
    ] as const) {
      const result = await stripMetadata(data, type);
      expect(result).toEqual({ kind: 'undecodable', reason: expect.any(String) });
    }
  });
});
