import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../src/log';
import { OutboxRelay } from '../../src/outbox/relay';
import { createMetrics } from '../../src/runtime/metrics';
import { JsonlFileSink, type JsonlLine } from '../../src/sinks/jsonl-file-sink';
import type { Sink } from '../../src/sinks/types';
import { createStores, type Stores } from '../../src/state';
import type { MediaStore, Submission } from '../../src/state/types';
import { startPrivateRedis, stopPrivateRedis, type PrivateRedis } from '../setup/private-redis';

const logger = createLogger({ level: 'silent' });

/** Commits a conversation with one report submission, as a turn would. */
async function commitSubmission(stores: Stores, conversationId: string, id: string): Promise<Submission> {
  const s: Submission = { id, kind: 'report', conversationId, createdAt: new Date().toISOString(), payload: { id, reference: `WG-${id}` } };
  const r = await stores.sessions.commit({
    conversationId,
    expectedVersion: 0,
    session: { id: conversationId },
    ttlSeconds: 600,
    history: [],
    publish: [],
    submissions: [s],
  });
  expect(r.ok).toBe(true);
  return s;
}

/** Fails the first `failures` deliveries, then writes to the file sink. */
class FlakySink implements Sink {
  readonly name = 'flaky';
  calls = 0;
  constructor(
    private readonly inner: Sink,
    private failures: number,
  ) {}
  async deliver(s: Submission, media: MediaStore): Promise<void> {
    this.calls += 1;
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('agency endpoint down');
    }
    await this.inner.deliver(s, media);
  }
}

const lines = (file: string): JsonlLine[] =>
  fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trimEnd().split('\n').filter(Boolean).map((l) => JSON.parse(l) as JsonlLine) : [];

describe.each(['memory', 'redis'] as const)('OutboxRelay (%s)', (kind) => {
  let redis: PrivateRedis | undefined;
  let dir: string;
  let file: string;
  const open: Stores[] = [];
  const stores = (): Stores => {
    const s = createStores(kind === 'redis' ? { redisUrl: redis?.url } : {});
    open.push(s);
    return s;
  };

  beforeAll(async () => {
    // A server of our own: pendingSubmissions() spans every conversation, so a shared one would
    // hand this test other files' submissions.
    if (kind === 'redis') redis = await startPrivateRedis();
  });
  afterAll(async () => {
    if (redis) await stopPrivateRedis(redis);
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wegov-relay-'));
    file = path.join(dir, 'submissions.jsonl');
  });
  afterEach(async () => {
    for (const s of open.splice(0)) {
      const pending = await s.sessions.pendingSubmissions();
      for (const p of pending) await s.sessions.ackSubmission(p.conversationId, p.id);
      await s.close();
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('delivers then acknowledges', async () => {
    const s = stores();
    const sub = await commitSubmission(s, `c-${kind}-1`, 'a1');
    const relay = new OutboxRelay({ store: s.sessions, media: s.media, sink: new JsonlFileSink(file), logger });
    expect(await relay.deliverOne(sub)).toEqual({ ok: true });
    expect(lines(file).map((l) => l.id)).toEqual(['a1']);
    expect(await s.sessions.pendingSubmissions()).toEqual([]);
  });

  it('leaves a failed delivery pending; the next sweep delivers it', async () => {
    const s = stores();
    const sub = await commitSubmission(s, `c-${kind}-2`, 'b1');
    const metrics = createMetrics();
    const sink = new FlakySink(new JsonlFileSink(file), 1);
    const relay = new OutboxRelay({ store: s.sessions, media: s.media, sink, logger, metrics });
    expect(await relay.deliverOne(sub)).toMatchObject({ ok: false, code: 'sink_failed' });
    expect((await s.sessions.pendingSubmissions()).map((p) => p.id)).toEqual(['b1']);
    expect(lines(file)).toEqual([]);

    expect(await relay.deliverPending()).toBe(1);
    expect(lines(file).map((l) => l.id)).toEqual(['b1']);
    expect(await s.sessions.pendingSubmissions()).toEqual([]);
    expect((await metrics.submissionFailures.get()).values[0]?.value).toBe(1);
  });

  it('enqueue never throws or blocks, even when the sink fails', async () => {
    const s = stores();
    const sub = await commitSubmission(s, `c-${kind}-3`, 'c1');
    const sink = new FlakySink(new JsonlFileSink(file), 100);
    const relay = new OutboxRelay({ store: s.sessions, media: s.media, sink, logger });
    expect(() => relay.enqueue([sub])).not.toThrow();
    await relay.idle();
    expect(sink.calls).toBe(1);
    expect((await s.sessions.pendingSubmissions()).map((p) => p.id)).toEqual(['c1']);
  });

  if (kind === 'redis') {
    it('a restarted process (new stores, new relay) delivers what was pending', async () => {
      const before = stores();
      await commitSubmission(before, 'c-redis-4', 'd1');
      await commitSubmission(before, 'c-redis-5', 'd2');
      await before.close(); // the "crash": committed, never delivered
      open.splice(open.indexOf(before), 1);

      const after = stores();
      const relay = new OutboxRelay({ store: after.sessions, media: after.media, sink: new JsonlFileSink(file), logger });
      relay.start(60_000);
      await relay.deliverPending();
      relay.stop();
      expect(lines(file).map((l) => l.id).sort()).toEqual(['d1', 'd2']);
      expect(await after.sessions.pendingSubmissions()).toEqual([]);
    });
  }
});
