/**
 * Peak resident set size of this process while a phase runs: sampled every 100 ms with
 * `process.memoryUsage.rss()` (one system call, no heap walk), so the peak is of the whole
 * process (heap, buffers, native code), as an operator's monitor would see it.
 */
export interface RssPeak {
  /** Highest RSS seen, MB (10^6 bytes). */
  peakMb: number;
  /** RSS when the phase began, MB. */
  startMb: number;
}

const mb = (bytes: number): number => Math.round(bytes / 1e5) / 10;

/** Samples until the returned function is called, which returns the figures. */
export function sampleRss(intervalMs = 100): () => RssPeak {
  const start = process.memoryUsage.rss();
  let peak = start;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    peak = Math.max(peak, process.memoryUsage.rss());
    return { peakMb: mb(peak), startMb: mb(start) };
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
