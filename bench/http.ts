/**
 * The HTTP phase of `npm run bench`: the web chat API (the real app from compose, Redis state,
 * in a process of its own: wegov-server.ts) against a bare express endpoint answering the same
 * requests (bare-express.ts, also in a process of its own), the load generator in a third
 * process (http-load.ts), at 64 and then 256 concurrent conversations, alternating WeGov and
 * bare at each so machine load falls on both alike.
 *
 * Two shapes of load, reported apart:
 *  - `c64`, `c256`: closed loop, saturation. Each connection sends its next message as soon as
 *    the last is answered (autocannon), so throughput is the server's ceiling and latency is
 *    only connections / throughput (Little's law): a queue, not a response time. The ratio is of
 *    turns/s at the same concurrency.
 *  - `paced`: conversations as people hold them. The same numbers of conversations, each waiting
 *    between messages (paced-worker.ts), the whole at half the rate WeGov reached in the closed
 *    loop at that concurrency; bare express gets the same rate. p50/p99 here are response times,
 *    from the load generator and (`server`) as timed inside the server process.
 * `rss`: the WeGov server process's own peak resident set size over the phase (warm-up
 * included), sampled every 100 ms inside that process (server-ipc.ts, rss.ts); `cpuUsPerTurn`, each
 * server process's CPU time over a closed-loop run divided by the requests it answered, and
 * `redisCpuUsPerTurn` Redis's (INFO cpu): steadier than turns/s on a shared machine, where
 * throughput moves with whatever else runs;
 * `bareExpressRss` the same for the bare express process. `floor` (when its server is given):
 * bare express plus one Redis compare-and-set a message (floor-express.ts) in the same closed
 * loops, with its ratio to bare express: the part of the gap that a Redis round trip explains.
 * `redisRoundTripsPerTurn` reads the WeGov server's count of every Redis round trip its turns
 * make (stores, rate limiters, abuse controls: compose.ts redisRoundTrips) before and after each
 * closed-loop run.
 */
import { runPacedLoad, runReportLoad, type LoadResult, type PacedResult } from './http-load';
import type { ServerTiming } from './request-timing';
import type { RoundTrips, ServerProcess } from './server-ipc';

export interface AtConcurrency {
  /** `cpuUsPerTurn`: the server process's CPU per answered request, µs (`redisCpuUsPerTurn`: Redis's, when measured). */
  wegov: LoadResult & { cpuUsPerTurn: number; redisCpuUsPerTurn?: number };
  bareExpress: LoadResult & { cpuUsPerTurn: number };
  /** WeGov turns/s over bare express requests/s. */
  ratio: number;
  /** The floor server's run (floor-express.ts), its ratio to bare express's. */
  floor?: LoadResult & { cpuUsPerTurn: number; ratio: number };
}

export interface PacedAt {
  /** Messages/s offered to each: half WeGov's closed-loop turns/s at this concurrency. */
  rate: number;
  /** Response times from the load generator (`server`: the same requests timed inside the server, request-timing.ts). */
  wegov: PacedResult & { server: ServerTiming };
  bareExpress: PacedResult & { server: ServerTiming };
}

export interface HttpTargets {
  /** The WeGov server process (wegov-server.ts). */
  wegov: ServerProcess;
  /** The bare express server process (bare-express-server.ts). */
  bare: ServerProcess;
  /** The floor server process (bare-express-server.ts with BENCH_FLOOR_REDIS_URL: floor-express.ts), measured in the closed loops when given. */
  floor?: ServerProcess;
}

/** The paced phase's rate as a share of the closed loop's turns/s. */
export const PACED_SHARE = 0.5;

const ratio = (a: number, b: number): number => (b > 0 ? Math.round((a / b) * 100) / 100 : 0);

/** Measures both server processes at each concurrency, and each one's memory over the whole phase. */
export async function benchHttp(servers: HttpTargets, seconds: number, redisCpuMicros?: () => Promise<number>) {
  const targets = { wegov: servers.wegov.url, bare: servers.bare.url };
  const roundTrips = (): Promise<RoundTrips> => servers.wegov.roundTrips();
  await Promise.all([servers.wegov.rssStart(), servers.bare.rssStart()]);
  const measured = async () => {
    // Warm-up (JIT, connection pools, Redis scripts), not counted.
    await runReportLoad(targets.wegov, { connections: 64, seconds: 1 });
    await runReportLoad(targets.bare, { connections: 64, seconds: 1 });
    if (servers.floor) await runReportLoad(servers.floor.url, { connections: 64, seconds: 1 });
    let trips = 0;
    let turns = 0;
    const tripsByOperation = new Map<string, number>();
    const at = async (connections: number): Promise<AtConcurrency> => {
      const before = await roundTrips();
      const cpuBefore = await servers.wegov.cpuMicros();
      const redisBefore = await redisCpuMicros?.();
      const wegovLoad = await runReportLoad(targets.wegov, { connections, seconds });
      const cpu = (await servers.wegov.cpuMicros()) - cpuBefore;
      const redisCpu = redisBefore === undefined || !redisCpuMicros ? undefined : (await redisCpuMicros()) - redisBefore;
      const perTurn = (micros: number, turns: number): number => (turns > 0 ? Math.round(micros / turns) : 0);
      const wegov = { ...wegovLoad, cpuUsPerTurn: perTurn(cpu, wegovLoad.turns), ...(redisCpu !== undefined ? { redisCpuUsPerTurn: perTurn(redisCpu, wegovLoad.turns) } : {}) };
      const after = await roundTrips();
      trips += after.count - before.count;
      for (const [operation, n] of Object.entries(after.byOperation)) {
        tripsByOperation.set(operation, (tripsByOperation.get(operation) ?? 0) + n - (before.byOperation[operation] ?? 0));
      }
      turns += wegov.turns;
      // A baseline server's closed-loop run and its CPU per request.
      const baseline = async (server: ServerProcess) => {
        const before = await server.cpuMicros();
        const load = await runReportLoad(server.url, { connections, seconds });
        return { ...load, cpuUsPerTurn: perTurn((await server.cpuMicros()) - before, load.turns) };
      };
      const bareExpress = await baseline(servers.bare);
      const floorRun = servers.floor ? await baseline(servers.floor) : undefined;
      const floor = floorRun ? { ...floorRun, ratio: ratio(floorRun.turnsPerSecond, bareExpress.turnsPerSecond) } : undefined;
      return { wegov, bareExpress, ratio: ratio(wegov.turnsPerSecond, bareExpress.turnsPerSecond), ...(floor ? { floor } : {}) };
    };
    const paced = async (conversations: number, closed: AtConcurrency): Promise<PacedAt> => {
      const rate = Math.max(1, Math.round(closed.wegov.turnsPerSecond * PACED_SHARE));
      const timed = async (server: ServerProcess, url: string) => {
        await server.timingStart();
        const client = await runPacedLoad(url, { conversations, rate, seconds });
        return { ...client, server: await server.timingStop() };
      };
      const wegov = await timed(servers.wegov, targets.wegov);
      const bareExpress = await timed(servers.bare, targets.bare);
      return { rate, wegov, bareExpress };
    };
    const c64 = await at(64);
    const c256 = await at(256);
    return {
      c64,
      c256,
      paced: { c64: await paced(64, c64), c256: await paced(256, c256) },
      redisRoundTripsPerTurn: turns > 0 ? Math.round((trips / turns) * 100) / 100 : 0,
      // Which calls those were, per turn (e.g. `commit` 1 a turn; `rate limit`: session creation).
      redisRoundTripsPerTurnByOperation: Object.fromEntries(
        [...tripsByOperation].filter(([, n]) => n > 0).sort(([, a], [, b]) => b - a).map(([operation, n]) => [operation, Math.round((n / turns) * 1000) / 1000]),
      ),
    };
  };
  const stopSampling = () => Promise.all([servers.wegov.rssStop(), servers.bare.rssStop()]);
  const result = await measured().catch(async (error: unknown) => {
    await stopSampling().catch(() => undefined);
    throw error;
  });
  const [wegovRss, bareRss] = await stopSampling();
  const { series: _wegovSeries, ...rss } = wegovRss;
  const { series: _bareSeries, ...bareExpressRss } = bareRss;
  return {
    loadGenerator:
      'closed loop (c64, c256): autocannon 9.0.0 in its own process, keep-alive, one conversation per connection, next message as soon as the last is answered; paced: undici clients in their own process, one keep-alive connection per conversation, Poisson arrivals at half the closed-loop turns/s, latency from when each message was due',
    ...result,
    rss,
    bareExpressRss,
  };
}
