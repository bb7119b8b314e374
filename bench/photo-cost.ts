/**
 * What one photo costs (issue 9: one 2 MB noise PNG used to take 18 s of CPU). For each hostile
 * kind of photo: process CPU time (user + system, libvips threads included: process.cpuUsage)
 * and wall time of the re-encode WeGov does before keeping a photo, the worst of RUNS runs. Then
 * a burst of concurrent uploads of an ordinary 12-megapixel camera photo through the process's
 * decode pool at its default size: photos/s, how many were refused `busy`, and the wait.
 * Goal (issue 9): under 1 s of CPU for every kind.
 */
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { configurePhotoDecoding, stripInPool } from '../src/media/photo-decoding';
import { stripMetadata } from '../src/media/strip-metadata';
import { maxSizeJpeg, noisePng, pngBomb, progressiveJpeg } from '../test/media/hostile-photos';
import { percentile } from './report-script';

const RUNS = 3;

interface KindFigures {
  inputBytes: number;
  inputPixels: number;
  outcome: string;
  cpuMs: number;
  wallMs: number;
}

async function measure(data: Buffer, contentType: string): Promise<KindFigures> {
  const meta = await sharp(data, { limitInputPixels: false }).metadata();
  let cpuMs = 0;
  let wallMs = 0;
  let outcome = '';
  for (let i = 0; i < RUNS; i++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const result = await stripMetadata(data, contentType);
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    cpuMs = Math.max(cpuMs, (cpu.user + cpu.system) / 1000);
    wallMs = Math.max(wallMs, wall);
    outcome = result.kind === 'stripped' ? `jpeg ${result.photo.width}x${result.photo.height}, ${result.photo.data.length} bytes` : `refused: ${result.reason}`;
  }
  return { inputBytes: data.length, inputPixels: (meta.width ?? 0) * (meta.height ?? 0), outcome, cpuMs: Math.round(cpuMs), wallMs: Math.round(wallMs) };
}

/** An ordinary phone photo: 4000 x 3000 of softened sensor-like noise, quality 85 (about 0.5 MB). */
async function cameraPhoto(): Promise<Buffer> {
  const noise = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: 'black', noise: { type: 'gaussian', mean: 128, sigma: 6 } } }).raw().toBuffer();
  return sharp(noise, { raw: { width: 4000, height: 3000, channels: 3 } }).blur(1.2).jpeg({ quality: 85 }).toBuffer();
}

async function burst(photo: Buffer, uploads: number) {
  const pool = configurePhotoDecoding();
  const waits: number[] = [];
  let busy = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: uploads }, async () => {
      const s = performance.now();
      const result = await stripInPool(photo, 'image/jpeg');
      if (result.kind === 'busy') busy++;
      else waits.push(performance.now() - s);
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  waits.sort((a, b) => a - b);
  return {
    decodeConcurrency: pool.options.concurrency,
    queued: pool.options.maxQueued,
    uploads,
    stored: waits.length,
    refusedBusy: busy,
    photosPerSecond: Math.round((waits.length / seconds) * 10) / 10,
    cpuMsPerPhoto: Math.round((cpu.user + cpu.system) / 1000 / Math.max(1, waits.length)),
    p50Ms: Math.round(percentile(waits, 50)),
    p99Ms: Math.round(percentile(waits, 99)),
  };
}

/** The figures `npm run bench` prints under `photos`. */
export async function benchPhotoCost() {
  configurePhotoDecoding();
  const kinds = {
    noisePng2MB: await measure(noisePng(), 'image/png'),
    maxSizeJpeg: await measure(await maxSizeJpeg(), 'image/jpeg'),
    progressiveJpeg50MP: await measure(await progressiveJpeg(), 'image/jpeg'),
    pngBomb100MP: await measure(pngBomb(), 'image/png'),
  };
  const camera = await cameraPhoto();
  const ordinary = await measure(camera, 'image/jpeg');
  const capacity = configurePhotoDecoding().options;
  const concurrent = await burst(camera, 2 * (capacity.concurrency + capacity.maxQueued));
  const worst = Object.entries(kinds).reduce((a, b) => (b[1].cpuMs > a[1].cpuMs ? b : a));
  return { hostile: kinds, worstHostileCpuMs: { kind: worst[0], cpuMs: worst[1].cpuMs }, ordinaryCameraPhoto12MP: ordinary, concurrentUploads: concurrent };
}
