/**
 * What holds a server's event loop while a phase runs, measured inside the server process
 * beside its memory (server-ipc.ts): the event loop's delay (`perf_hooks.monitorEventLoopDelay`,
 * sampled every 10 ms: how late a timer due now runs, so any synchronous stretch shows as delay)
 * and V8's garbage collection pauses (a `PerformanceObserver` on 'gc' entries: each collection's
 * duration and kind). A paced load's p99 far above its p50 is waiting behind something; these
 * say whether it is the collector, and how long the loop was blocked at worst.
 */
import { constants, monitorEventLoopDelay, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

export interface Stalls {
  /** Event loop delay, ms: p50, p99 and the longest. */
  loopDelayMs: { p50: number; p99: number; max: number };
  /** Garbage collections: how many of each kind, their pauses' total and the longest, ms. */
  gc: { minor: number; major: number; other: number; totalMs: number; maxMs: number; majorMaxMs: number };
}

const ms2 = (x: number): number => Math.round(x * 100) / 100;

/** Measures until the returned function is called, which returns the figures. */
export function measureStalls(): () => Stalls {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const gc = { minor: 0, major: 0, other: 0, totalMs: 0, maxMs: 0, majorMaxMs: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      // Node 20 types a gc entry as a plain PerformanceEntry; its `detail` holds the kind.
      const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
      gc.totalMs += entry.duration;
      gc.maxMs = Math.max(gc.maxMs, entry.duration);
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) gc.minor++;
      else if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
        gc.major++;
        gc.majorMaxMs = Math.max(gc.majorMaxMs, entry.duration);
      } else gc.other++;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return () => {
    delay.disable();
    observer.disconnect();
    return {
      loopDelayMs: { p50: ms2(delay.percentile(50) / 1e6), p99: ms2(delay.percentile(99) / 1e6), max: ms2(delay.max / 1e6) },
      gc: { ...gc, totalMs: ms2(gc.totalMs), maxMs: ms2(gc.maxMs), majorMaxMs: ms2(gc.majorMaxMs) },
    };
  };
}
