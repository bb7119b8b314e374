/**
 * `npm run bench:scale`: the many-process run (bench/scale/scenario.ts) with the compiled CLI
 * from dist/: three web processes and a worker, SCALE_CONVERSATIONS (1,000) residents,
 * SCALE_CONCURRENCY (64) at a time, a web process SIGKILLed and replaced every
 * SCALE_KILL_EVERY_MS (3,000) and Redis restarted once; on one durable Redis, then on a Redis
 * Cluster of three durable masters (one master restarted), or only one of them with
 * SCALE_REDIS=redis or SCALE_REDIS=cluster. Prints one JSON document (with the machine's load
 * average before and after each run: the machine is shared); exits 1 when a check failed (the
 * problems are printed too).
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../src/catalog/paths';
import type { Launch } from './fleet';
import type { RedisKind } from './redis-target';
import { runScale, type ScaleFigures } from './scenario';

const MAIN = path.join(repoRoot(), 'dist', 'src', 'cli', 'main.js');

const launchFromDist: Launch = (args, env) =>
  spawn(process.execPath, [MAIN, ...args], { cwd: repoRoot(), env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });

function targets(): RedisKind[] {
  const wanted = process.env.SCALE_REDIS ?? 'both';
  if (wanted === 'both') return ['redis', 'cluster'];
  if (wanted === 'redis' || wanted === 'cluster') return [wanted];
  throw new Error(`SCALE_REDIS must be redis, cluster or both, not ${JSON.stringify(wanted)}`);
}

const load = (): string => loadavg().map((l) => l.toFixed(1)).join(' ');

async function main(): Promise<number> {
  const runs: (ScaleFigures & { loadAverage: { before: string; after: string }; problems: string[] })[] = [];
  for (const redis of targets()) {
    const before = load();
    const { figures, problems } = await runScale({
      launch: launchFromDist,
      redis,
      conversations: Number(process.env.SCALE_CONVERSATIONS ?? 1000),
      concurrency: Number(process.env.SCALE_CONCURRENCY ?? 64),
      seed: Number(process.env.SCALE_SEED ?? 15),
      chaos: { everyMs: Number(process.env.SCALE_KILL_EVERY_MS ?? 3000) },
    });
    runs.push({ ...figures, loadAverage: { before, after: load() }, problems });
    process.stderr.write(`bench:scale: ${redis} done (${figures.seconds} s, ${problems.length} problems)\n`);
  }
  process.stdout.write(`${JSON.stringify({ scale: runs }, null, 2)}\n`);
  return runs.every((r) => r.problems.length === 0) ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench:scale: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
