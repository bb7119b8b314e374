/**
 * Real concurrency across processes against one Redis: no lost update under compare-and-set,
 * and one input applied exactly once when several processes race on it.
 *
 * Each worker (fixtures/cas-worker.js) is a separate `node` process using the real
 * RedisSessionStore: it compiles src/*.ts with @swc/core on require, so no build step and no
 * copy of the Lua script is needed. The parent releases all workers at once after they have
 * connected, to maximise contention.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createRedisClient } from '../../src/state/redis-connection';
import { RedisSessionStore } from '../../src/state/redis-store';
import { testRedisUrl } from '../setup/redis';
import { newConversationId } from './contract-helpers';

type Done = { type: 'done'; workerId: string; conflicts?: number; outcome?: string; reply?: unknown };

const WORKER = join(__dirname, 'fixtures', 'cas-worker.js');

/** Fork `count` workers, start them together, and collect their reports. */
async function race(count: number, env: Record<string, string>): Promise<Done[]> {
  const children: ChildProcess[] = [];
  try {
    const reports = Array.from({ length: count }, (_, i) => {
      const child = fork(WORKER, [], {
        env: { ...process.env, ...env, REDIS_URL: testRedisUrl(), WORKER_ID: `w${i}` },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      children.push(child);
      return workerReport(child);
    });
    await Promise.all(reports.map((r) => r.ready));
    children.forEach((child) => child.send({ type: 'go' }));
    return await Promise.all(reports.map((r) => r.done));
  } finally {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

function workerReport(child: ChildProcess): { ready: Promise<void>; done: Promise<Done> } {
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const done = new Promise<Done>((resolve, reject) => {
    let report: Done | undefined;
    child.on('message', (m: { type: string }) => {
      if (m.type === 'ready') markReady();
      if (m.type === 'done') report = m as Done;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0 && report) resolve(report);
      else reject(new Error(`worker exited with ${String(code)} without a report`));
    });
  });
  // A worker that dies before it is ready must fail the test rather than hang it.
  return { ready: Promise.race([ready, done.then(() => undefined)]), done };
}

describe('Redis store under real multi-process concurrency', () => {
  let store: RedisSessionStore;
  beforeAll(() => {
    store = new RedisSessionStore({ client: createRedisClient(testRedisUrl()) });
  });
  afterAll(async () => {
    await store.close();
  });

  test('4 processes x 50 read-modify-write turns on one conversation: no lost update', async () => {
    const conv = newConversationId('cas');
    const workers = 4;
    const perWorker = 50;
    const reports = await race(workers, { CONVERSATION_ID: conv, MODE: 'increments', COUNT: String(perWorker) });

    const { conversation } = await store.load(conv);
    const answers = (conversation?.session as { answers: string[] }).answers;
    const expected = reports.flatMap((r) => Array.from({ length: perWorker }, (_, i) => `${r.workerId}:${i}`));
    expect(conversation?.version).toBe(workers * perWorker);
    expect([...answers].sort()).toEqual([...expected].sort());
    // Each worker's own answers stay in its order.
    for (const r of reports) expect(answers.filter((a) => a.startsWith(`${r.workerId}:`))).toEqual(expected.filter((a) => a.startsWith(`${r.workerId}:`)));
    // Not a vacuous pass: the processes did collide and the CAS made them retry.
    const conflicts = reports.reduce((sum, r) => sum + (r.conflicts ?? 0), 0);
    expect(conflicts).toBeGreaterThan(0);
  });

  test('6 processes commit the same input at once: exactly one applies it, the others get its reply', async () => {
    const conv = newConversationId('dedupe');
    const reports = await race(6, { CONVERSATION_ID: conv, MODE: 'dedupe-race' });

    const applied = reports.filter((r) => r.outcome === 'applied');
    expect(applied).toHaveLength(1);
    const winner = applied[0]!.workerId;
    for (const r of reports.filter((x) => x.outcome !== 'applied')) {
      expect(r.outcome).toBe('duplicate');
      expect(r.reply).toEqual([expect.objectContaining({ text: `from ${winner}` })]);
    }
    await expect(store.load(conv, 'same-input')).resolves.toEqual({
      conversation: { version: 1, session: { winner } },
      duplicateReply: [expect.objectContaining({ text: `from ${winner}` })],
    });
  });
});
