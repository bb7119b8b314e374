/**
 * The web chat API's CPU cost per turn, for profiling the HTTP path: a WeGov server (the real
 * app from compose, on a private Redis) in this process, driven by the closed-loop load
 * generator in its own process (http-load.ts), printing per run the server process's CPU time
 * per turn (process.cpuUsage over the run / turns) and Redis's (INFO cpu), which hold up far
 * better than turns/s on a machine shared with other work. With HTTP_CPU_PROFILE=<file> the
 * measured window (not start-up, not the warm-up) is written as a .cpuprofile (node:inspector),
 * for Chrome DevTools or any cpuprofile reader. With HTTP_CPU_HEAP=<file> the window's allocations
 * (sampled every 4 KB, garbage included) are written as a .heapprofile.
 *
 * To compare two versions of the code on a busy machine, run two of these at the same time
 * (each from its own build), so both see the same load; one after the other they see different
 * loads. `npm run build && node dist/bench/http-cpu.js`; HTTP_CPU_SECONDS (10),
 * HTTP_CPU_CONNECTIONS (32), HTTP_CPU_RUNS (1) tune it.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import Redis from 'ioredis';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/log';
import { compose } from '../src/server/compose';
import { startPrivateRedis, stopPrivateRedis } from '../test/setup/private-redis';
import { redisCpuSeconds } from './redis-cpu';
import { runReportLoad } from './http-load';

const SECONDS = Number(process.env.HTTP_CPU_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.HTTP_CPU_CONNECTIONS ?? 32);
const RUNS = Number(process.env.HTTP_CPU_RUNS ?? 1);

async function main(): Promise<void> {
  const own = await startPrivateRedis();
  const config = loadConfig({
    ...process.env,
    REDIS_URL: own.url,
    PORT: '0',
    HOST: '127.0.0.1',
    WEGOV_RATE_SESSIONS_PER_MINUTE: '1000000',
    WEGOV_RATE_MESSAGES_PER_MINUTE: '1000000',
    LOG_LEVEL: 'silent',
    WEGOV_SUBMISSIONS_FILE: `${own.dir}/submissions.jsonl`,
  });
  const wiring = await compose(config, createLogger({ level: 'silent' }), { relayIntervalMs: 60_000 });
  const server = wiring.app.listen(0, '127.0.0.1');
  const redis = new Redis({ path: own.socketPath });
  try {
    await new Promise<void>((resolve) => server.once('listening', resolve));
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    // Warm-up (JIT, connections, scripts), not counted.
    await runReportLoad(url, { connections: CONNECTIONS, seconds: 5 });
    for (let run = 0; run < RUNS; run++) {
      const file = process.env.HTTP_CPU_PROFILE;
      const inspector = file !== undefined ? new Session() : undefined;
      if (inspector) {
        inspector.connect();
        await inspector.post('Profiler.enable');
        await inspector.post('Profiler.start');
      }
      const heapFile = process.env.HTTP_CPU_HEAP;
      const heap = heapFile !== undefined ? new Session() : undefined;
      if (heap) {
        heap.connect();
        // Every allocation, kept or not: where an HTTP turn's garbage comes from.
        await heap.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
      }
      const redisBefore = await redisCpuSeconds(redis);
      const cpuBefore = process.cpuUsage();
      const load = await runReportLoad(url, { connections: CONNECTIONS, seconds: SECONDS });
      const cpu = process.cpuUsage(cpuBefore);
      const redisSeconds = (await redisCpuSeconds(redis)) - redisBefore;
      if (inspector && file !== undefined) {
        const { profile } = await inspector.post('Profiler.stop');
        writeFileSync(RUNS > 1 ? file.replace(/(\.cpuprofile)?$/, `.${run + 1}.cpuprofile`) : file, JSON.stringify(profile));
        inspector.disconnect();
      }
      if (heap && heapFile !== undefined) {
        const { profile } = await heap.post('HeapProfiler.stopSampling');
        writeFileSync(heapFile, JSON.stringify(profile));
        heap.disconnect();
      }
      const turns = Math.max(1, load.turns);
      const figures = {
        ...load,
        serverCpuUsPerTurn: Math.round((cpu.user + cpu.system) / turns),
        redisCpuUsPerTurn: Math.round((redisSeconds * 1e6) / turns),
      };
      process.stdout.write(`${JSON.stringify(figures)}\n`);
    }
  } finally {
    redis.disconnect();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await wiring.relay.idle();
    await wiring.close();
    await stopPrivateRedis(own);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`http-cpu failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
