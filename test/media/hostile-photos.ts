/**
 * Hostile but valid photos, made here (nothing downloaded), for the media tests and
 * bench/photo-cost.ts. Each stands for a way one upload used to cost a process seconds of CPU:
 * - noisePng: 4096 x 4096 pixels of 1-bit noise, a 2 MB PNG (issue 9: re-encoded as PNG at
 *   compression level 9 it took 18 s of CPU);
 * - pngBomb: 10,000 x 10,000 pixels of one colour, a 12 KB PNG that decodes to 100 megapixels;
 * - maxSizeJpeg / progressiveJpeg: the most pixels and bytes the upload limit lets through.
 * The PNGs come from a seeded generator, so every run makes the same bytes; the JPEGs are
 * sharp's own noise (for the benchmark: their size, not their exact bytes, matters).
 */
import zlib from 'node:zlib';
import sharp from 'sharp';

/** A deterministic byte stream (xorshift32). */
function seededBytes(length: number, seed = 0x9e3779b9): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** A 1-bit greyscale PNG written by hand (sharp cannot write 1-bit PNGs this fast). `row(y)` gives each row's packed bits. */
function png1bit(width: number, height: number, row: (y: number) => Buffer): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(1, 8); // bit depth
  ihdr.writeUInt8(0, 9); // greyscale
  const stride = Math.ceil(width / 8);
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) row(y).copy(raw, y * (stride + 1) + 1, 0, stride);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw, { level: 6 })), chunk('IEND', Buffer.alloc(0))]);
}

/** 4096 x 4096 pixels of black-and-white noise: a 2 MB PNG. */
export function noisePng(side = 4096): Buffer {
  const bits = seededBytes(Math.ceil(side / 8) * side);
  const stride = Math.ceil(side / 8);
  return png1bit(side, side, (y) => bits.subarray(y * stride, (y + 1) * stride));
}

/** 10,000 x 10,000 pixels of one colour: a tiny PNG that decodes to 100 megapixels. */
export function pngBomb(side = 10_000): Buffer {
  const blank = Buffer.alloc(Math.ceil(side / 8));
  return png1bit(side, side, () => blank);
}

/** A baseline JPEG of `width` x `height` noisy pixels (about 4.7 MB at the defaults: the 5 MiB upload limit). */
export function maxSizeJpeg(width = 8000, height = 6000, opts: { progressive?: boolean; quality?: number } = {}): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: 'black', noise: { type: 'gaussian', mean: 128, sigma: 30 } } })
    .jpeg({ quality: opts.quality ?? 30, progressive: opts.progressive ?? false })
    .toBuffer();
}

/** A progressive JPEG with as many pixels as a photo may have (8160 x 6120, a 50-megapixel sensor). */
export function progressiveJpeg(): Promise<Buffer> {
  return maxSizeJpeg(8160, 6120, { progressive: true, quality: 25 });
}
