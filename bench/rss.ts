/**
 * Peak memory of this process while a phase runs, sampled every 100 ms with
 * `process.memoryUsage()`: the resident set size as an operator's monitor sees it (heap, code,
 * buffers, native libraries), and beside it the V8 heap in use and the memory outside the heap
 * (Buffers), to tell live data from a heap V8 has not yet shrunk.
 */
export interface RssPeak {
  /** Highest RSS seen, MB (10^6 bytes). */
  peakMb: number;
  /** RSS when the phase began, MB. */
  startMb: number;
  /** Highest V8 heap in use seen, MB. */
  heapUsedPeakMb: number;
  /** Highest memory held outside the V8 heap (external: Buffers and the like), MB. */
  externalPeakMb: number;
}

const mb = (bytes: number): number => Math.round(bytes / 1e5) / 10;

/** Samples until the returned function is called, which returns the figures. */
export function sampleRss(intervalMs = 100): () => RssPeak {
  const first = process.memoryUsage();
  const peak = { rss: first.rss, heapUsed: first.heapUsed, external: first.external };
  const sample = (): void => {
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
    peak.external = Math.max(peak.external, m.external);
  };
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    sample();
    return { peakMb: mb(peak.rss), startMb: mb(first.rss), heapUsedPeakMb: mb(peak.heapUsed), externalPeakMb: mb(peak.external) };
  };
}

/** Runs `fn` while sampling; returns its result and the peak. */
export async function withRss<T>(fn: () => Promise<T>): Promise<{ result: T; rss: RssPeak }> {
  const stop = sampleRss();
  try {
    const result = await fn();
    return { result, rss: stop() };
  } catch (error) {
    stop();
    throw error;
  }
}
