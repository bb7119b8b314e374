/**
 * Memory of this process while a phase runs, sampled every 100 ms with `process.memoryUsage()`:
 * the resident set size as an operator's monitor sees it (heap, code, buffers, native
 * libraries), and beside it the V8 heap in use and the memory outside the heap (Buffers), to
 * tell live data from a heap V8 has not yet shrunk. A server under test samples itself in its
 * own process (server-ipc.ts); with `seriesEveryMs` the sampler also keeps a point that often,
 * for a soak's course over time (soak.ts).
 */
export interface RssPeak {
  /** Highest RSS seen, MB (10^6 bytes). */
  peakMb: number;
  /** RSS when the phase began, MB. */
  startMb: number;
  /** RSS when the phase ended, MB. */
  endMb: number;
  /** Highest V8 heap in use seen, MB. */
  heapUsedPeakMb: number;
  /** Highest memory held outside the V8 heap (external: Buffers and the like), MB. */
  externalPeakMb: number;
}

/** One point of a series: seconds since sampling began, and the three figures, MB. */
export interface MemorySample {
  s: number;
  rssMb: number;
  heapUsedMb: number;
  externalMb: number;
}

const mb = (bytes: number): number => Math.round(bytes / 1e5) / 10;

/** Samples until the returned function is called, which returns the figures (and the series, empty without `seriesEveryMs`). */
export function sampleRss(intervalMs = 100, seriesEveryMs?: number): () => RssPeak & { series: MemorySample[] } {
  const t0 = performance.now();
  const first = process.memoryUsage();
  const peak = { rss: first.rss, heapUsed: first.heapUsed, external: first.external };
  const series: MemorySample[] = [];
  const point = (m: NodeJS.MemoryUsage): MemorySample => ({
    s: Math.round((performance.now() - t0) / 100) / 10,
    rssMb: mb(m.rss),
    heapUsedMb: mb(m.heapUsed),
    externalMb: mb(m.external),
  });
  if (seriesEveryMs !== undefined) series.push(point(first));
  let last = first;
  const sample = (): void => {
    const m = process.memoryUsage();
    last = m;
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
    peak.external = Math.max(peak.external, m.external);
  };
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  const seriesTimer = seriesEveryMs === undefined ? undefined : setInterval(() => series.push(point(last)), seriesEveryMs);
  seriesTimer?.unref();
  return () => {
    clearInterval(timer);
    if (seriesTimer) clearInterval(seriesTimer);
    sample();
    if (seriesEveryMs !== undefined) series.push(point(last));
    return {
      peakMb: mb(peak.rss),
      startMb: mb(first.rss),
      endMb: mb(last.rss),
      heapUsedPeakMb: mb(peak.heapUsed),
      externalPeakMb: mb(peak.external),
      series,
    };
  };
}

/** Runs `fn` while sampling; returns its result and the peak. */
export async function withRss<T>(fn: () => Promise<T>): Promise<{ result: T; rss: RssPeak }> {
  const stop = sampleRss();
  try {
    const result = await fn();
    const { series: _series, ...figures } = stop();
    return { result, rss: figures };
  } catch (error) {
    stop();
    throw error;
  }
}
