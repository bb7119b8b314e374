import sharp from 'sharp';
import { MAX_DIMENSION, PhotoUndecodableError, stripMetadata } from '../../src/media/strip-metadata';
import { carriesMetadata, NO_METADATA, photoWithGps } from '../support/photos';

describe('stripMetadata', () => {
  it.each(['jpeg', 'png', 'webp'] as const)('re-encodes a %s without EXIF, GPS, XMP or IPTC', async (format) => {
    const original = await photoWithGps(format);
    const before = await carriesMetadata(original);
    expect(before.exif).toBe(true);
    expect(before.xmp).toBe(true);
    expect(before.text).toBe(true);

    const out = await stripMetadata(original, `image/${format}`);
    expect(out.contentType).toBe(`image/${format}`);
    expect(await carriesMetadata(out.data)).toEqual(NO_METADATA);
    const meta = await sharp(out.data).metadata();
    expect(meta.format).toBe(format);
    expect({ width: meta.width, height: meta.height }).toEqual({ width: 64, height: 32 });
    expect({ width: out.width, height: out.height }).toEqual({ width: 64, height: 32 });
  });

  it('applies the EXIF orientation to the pixels before dropping the tag', async () => {
    // Stored 64x32 (red left, blue right) with orientation 6: upright it is 32x64, red on top.
    const original = await photoWithGps('jpeg', { orientation: 6 });
    expect((await sharp(original).metadata()).orientation).toBe(6);
    const out = await stripMetadata(original, 'image/jpeg');
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
    const out = await stripMetadata(big, 'image/jpeg');
    expect({ width: out.width, height: out.height }).toEqual({ width: 4096, height: 2048 });
  });

  it('refuses a decompression bomb from its header (tiny file claiming 20,000 x 20,000 pixels)', async () => {
    const small = await sharp({ create: { width: 1, height: 1, channels: 3, background: 'black' } }).png().toBuffer();
    const bomb = withPngSize(small, 20_000, 20_000);
    expect((await sharp(bomb, { limitInputPixels: false }).metadata()).width).toBe(20_000);
    await expect(stripMetadata(bomb, 'image/png')).rejects.toMatchObject({ name: 'PhotoUndecodableError', code: 'photo_undecodable' });
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
      const error = await stripMetadata(data, type).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(PhotoUndecodableError);
      expect((error as PhotoUndecodableError).code).toBe('photo_undecodable');
    }
  });
});

/** The PNG with its IHDR width and height rewritten (and the chunk's CRC fixed). */
function withPngSize(png: Buffer, width: number, height: number): Buffer {
  const out = Buffer.from(png);
  // Signature (8), IHDR length (4), "IHDR" (4), then width and height.
  out.writeUInt32BE(width, 16);
  out.writeUInt32BE(height, 20);
  out.writeUInt32BE(crc32(out.subarray(12, 29)), 29);
  return out;
}

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
