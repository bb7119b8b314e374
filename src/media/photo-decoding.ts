/**
 * The process's photo decoding: one DecodePool shared by every adapter (web chat uploads,
 * Telegram photos fetched for forwarding), because the limit is about this process's CPU cores,
 * not about a channel. The composition root sizes it once at start from
 * WEGOV_PHOTO_DECODE_CONCURRENCY (configurePhotoDecoding); until then it has the default size.
 *
 * Sizing: K photos are decoded at once (default: cores - 1, at least 1, so the event loop keeps
 * a core for everyone's text turns) and 8 x K may wait; a decode takes 0.05-0.5 s of CPU, so a
 * waiting photo waits a few seconds at most, and past that it is refused (web chat: 503 `busy`
 * with Retry-After, which the widget retries). Each decode uses one libvips thread
 * (sharp-module.ts, which loads sharp for the first photo): K decodes then keep K cores busy,
 * no more. sharp runs on libuv's thread pool (4 threads unless UV_THREADPOOL_SIZE says
 * otherwise): a K above 4 also needs a larger UV_THREADPOOL_SIZE to take effect.
 */
import os from 'node:os';
import { DecodePool } from './decode-pool';
import { stripMetadata, type StripResult } from './strip-metadata';

/** Photos that may wait per decoding slot before new ones are refused. */
export const QUEUED_PER_SLOT = 8;

/** The default number of photos decoded at once: one core fewer than the machine has, at least 1. */
export function defaultDecodeConcurrency(): number {
  return Math.max(1, os.availableParallelism() - 1);
}

let pool: DecodePool | undefined;

/**
 * Sizes the process's pool (called once at start by the composition root). Calling it again
 * with the same size keeps the pool (and its work).
 */
export function configurePhotoDecoding(concurrency: number = defaultDecodeConcurrency()): DecodePool {
  if (pool?.options.concurrency !== concurrency) pool = new DecodePool({ concurrency, maxQueued: concurrency * QUEUED_PER_SLOT });
  return pool;
}

/** The process's pool (the default size until configurePhotoDecoding is called). */
export function photoDecodePool(): DecodePool {
  return pool ?? configurePhotoDecoding();
}

/** Strips a photo (strip-metadata.ts) in the process's pool; `busy` when the pool is full. */
export async function stripInPool(data: Buffer, contentType: string): Promise<StripResult | { kind: 'busy' }> {
  const done = await photoDecodePool().run(() => stripMetadata(data, contentType));
  return done.kind === 'busy' ? done : done.value;
}
