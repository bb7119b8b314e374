/**
 * The HTTP phase of `npm run bench`: the web chat API (the real app from compose, Redis state)
 * against a bare express endpoint answering the same requests (bare-express.ts), both driven by
 * autocannon in its own process (http-load.ts), at 64 and then 256 concurrent conversations,
 * alternating WeGov and bare at each so machine load falls on both alike. The ratio is of
 * turns/s at the same concurrency.
 */
import { runReportLoad, type LoadResult } from './http-load';

export interface AtConcurrency {
  wegov: LoadResult;
  bareExpress: LoadResult;
  /** WeGov turns/s over bare express requests/s. */
  ratio: number;
}

export interface HttpTargets {
  /** Base URL of the WeGov server. */
  wegov: string;
  /** Base URL of the bare express server. */
  bare: string;
}

const ratio = (a: number, b: number): number => (b > 0 ? Math.round((a / b) * 100) / 100 : 0);

/** Measures both targets at each concurrency; `roundTrips` reads the WeGov stores' round-trip counter. */
export async function benchHttp(targets: HttpTargets, seconds: number, roundTrips: () => number) {
  // Warm-up (JIT, connection pools, Redis scripts), not counted.
  await runReportLoad(targets.wegov, { connections: 64, seconds: 1 });
  await runReportLoad(targets.bare, { connections: 64, seconds: 1 });
  let trips = 0;
  let turns = 0;
  const at = async (connections: number): Promise<AtConcurrency> => {
    const before = roundTrips();
    const wegov = await runReportLoad(targets.wegov, { connections, seconds });
    trips += roundTrips() - before;
    turns += wegov.turns;
    const bareExpress = await runReportLoad(targets.bare, { connections, seconds });
    return { wegov, bareExpress, ratio: ratio(wegov.turnsPerSecond, bareExpress.turnsPerSecond) };
  };
  const c64 = await at(64);
  const c256 = await at(256);
  return {
    loadGenerator: 'autocannon 9.0.0 in its own process, keep-alive, one conversation per connection',
    c64,
    c256,
    redisRoundTripsPerTurn: turns > 0 ? Math.round((trips / turns) * 100) / 100 : 0,
  };
}
