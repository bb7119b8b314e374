/**
 * CPU cost of a whole in-process turn on Redis (bench/runtime.ts's benchRuntime: pothole reports
 * by 16 residents, with the outbox relay's settle), for before/after comparisons on a busy
 * machine: this process's CPU time per turn (process.cpuUsage) and its private Redis's (INFO
 * cpu), which hold up far better than turns/s under other jobs' load. Run two builds at the same
 * time to compare them. With RUNTIME_CPU_PROFILE=<file> the measured runs are written as a
 * .cpuprofile (node:inspector). RUNTIME_CPU_SECONDS (5), RUNTIME_CPU_RUNS (3) tune it.
 * `npm run build && node dist/bench/runtime-cpu.js`
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/log';
import { compose } from '../src/server/compose';
import { startPrivateRedis, stopPrivateRedis } from '../test/setup/private-redis';
import { redisCpuSeconds } from './redis-cpu';
import { benchRuntime } from './runtime';

const SECONDS = Number(process.env.RUNTIME_CPU_SECONDS ?? 5);
const RUNS = Number(process.env.RUNTIME_CPU_RUNS ?? 3);
const USERS = 16;

async function main(): Promise<void> {
  const own = await startPrivateRedis();
  const dir = mkdtempSync(path.join(tmpdir(), 'wegov-runtime-cpu-'));
  const config = loadConfig({
    ...process.env,
    REDIS_URL: own.url,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    WEGOV_SUBMISSIONS_FILE: path.join(dir, 'submissions.jsonl'),
  });
  const wiring = await compose(config, createLogger({ level: 'silent' }), { relayIntervalMs: 60_000 });
  const redis = new Redis({ path: own.socketPath });
  try {
    await benchRuntime(wiring, 'warm', { seconds: 3, users: USERS }); // JIT, connections, scripts
    const file = process.env.RUNTIME_CPU_PROFILE;
    const inspector = file !== undefined ? new Session() : undefined;
    if (inspector) {
      inspector.connect();
      await inspector.post('Profiler.enable');
      await inspector.post('Profiler.start');
    }
    for (let run = 0; run < RUNS; run++) {
      const redisBefore = await redisCpuSeconds(redis);
      const cpuBefore = process.cpuUsage();
      const { ids: _ids, ...result } = await benchRuntime(wiring, `r${run}`, { seconds: SECONDS, users: USERS });
      const cpu = process.cpuUsage(cpuBefore);
      const redisSeconds = (await redisCpuSeconds(redis)) - redisBefore;
      const turns = Math.max(1, result.turns);
      process.stdout.write(
        `${JSON.stringify({ ...result, cpuUsPerTurn: Math.round((cpu.user + cpu.system) / turns), redisCpuUsPerTurn: Math.round((redisSeconds * 1e6) / turns) })}\n`,
      );
    }
    if (inspector && file !== undefined) {
      const { profile } = await inspector.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      inspector.disconnect();
    }
  } finally {
    redis.disconnect();
    await wiring.relay.idle();
    await wiring.close();
    await stopPrivateRedis(own);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
