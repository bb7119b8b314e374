/**
 * sharp, loaded for the first photo rather than at start: libvips and its bindings are about
 * 10 MB of resident memory that a process which never sees a photo does not need (the first
 * photo pays the load, about 60 ms, once). sharp's process-wide settings are applied when it
 * loads: one libvips thread per decode (the decode pool, photo-decoding.ts, bounds how many run
 * at once) and no operation cache (photos are never processed twice, so it would only hold
 * memory).
 */
import type Sharp from 'sharp';

let loaded: typeof Sharp | undefined;

/** The sharp module, loaded and configured on the first call. */
export function sharpModule(): typeof Sharp {
  if (!loaded) {
    loaded = require('sharp') as typeof Sharp;
    loaded.concurrency(1);
    loaded.cache(false);
  }
  return loaded;
}
