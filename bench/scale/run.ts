/**
 * `npm run bench:scale`: the many-process run (bench/scale/scenario.ts) with the compiled CLI
 * from dist/: three web processes and a worker on one durable Redis, SCALE_CONVERSATIONS (1,000)
 * residents, SCALE_CONCURRENCY (64) at a time, a web process SIGKILLed and replaced every
 * SCALE_KILL_EVERY_MS (3,000) and Redis restarted once. Prints one JSON document; exits 1 when a
 * check failed (the problems are printed too).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../src/catalog/paths';
import type { Launch } from './fleet';
import { runScale } from './scenario';

const MAIN = path.join(repoRoot(), 'dist', 'src', 'cli', 'main.js');

const launchFromDist: Launch = (args, env) =>
  spawn(process.execPath, [MAIN, ...args], { cwd: repoRoot(), env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });

async function main(): Promise<number> {
  const { figures, problems } = await runScale({
    launch: launchFromDist,
    conversations: Number(process.env.SCALE_CONVERSATIONS ?? 1000),
    concurrency: Number(process.env.SCALE_CONCURRENCY ?? 64),
    seed: Number(process.env.SCALE_SEED ?? 15),
    chaos: { everyMs: Number(process.env.SCALE_KILL_EVERY_MS ?? 3000) },
  });
  process.stdout.write(`${JSON.stringify({ scale: figures, problems }, null, 2)}\n`);
  return problems.length === 0 ? 0 : 1;
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
