/**
 * The per-process session cache (src/runtime/session-cache.ts) with the compare-and-set commit:
 * one round trip for an ordinary turn, and exactly today's correctness when the cached copy is
 * stale. "Two processes" are two whole WeGov wirings (each its own stores, connections and cache)
 * on one Redis; conversations alternate between them, so nearly every turn meets a stale copy.
 */
import type { Input } from '../../src/engine/input';
import { SessionCache } from '../../src/runtime/session-cache';
import { runTurn, type TurnRequest } from '../../src/runtime/turn';
import { createRedisClient } from '../../src/state/redis-connection';
import { waitUntilReady } from '../../src/state/redis-calls';
import { restoreSession } from '../../src/engine';
import { allowanceKey, historyKey, seenKey, sessionKey } from '../../src/state/redis-keys';
import { DEDUPE_IDS_KEPT } from '../../src/state/store-limits';
import { createSession, eventually, history, say, startHarness, submissionLines, type Harness } from '../server/harness';
import { testRedisUrl } from '../setup/redis';

/** A pothole report after the `report:pothole` deep link (bench/report-script.ts). */
const REPORT: Input[] = [
  { kind: 'choice', choiceId: 'medium' },
  { kind: 'choice', choiceId: '_skip' },
  // A place no other test reports at (the test Redis is shared): no nearby report is offered.
  { kind: 'location', lat: 30.225, lon: -97.7 },
  { kind: 'choice', choiceId: '_skip' },
  { kind: 'text', text: 'Deep pothole outside number 12, served by two processes.' },
  { kind: 'choice', choiceId: 'anonymous' },
  { kind: 'choice', choiceId: '_submit' },
];

/**
 * Calls the runtime makes to its session store (each one round trip on Redis). Counted at the
 * runtime's edge rather than on the connection, which the wiring's background jobs share.
 */
const storeCalls = new WeakMap<Harness, { count: number }>();

function countStoreCalls(h: Harness): void {
  const tally = { count: 0 };
  const store = h.wiring.runtime.store;
  h.wiring.runtime.store = new Proxy(store, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        tally.count += 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  storeCalls.set(h, tally);
}

/** One turn through `h`'s runtime, with the store round trips it cost. */
async function turn(h: Harness, req: Omit<TurnRequest, 'channel'>) {
  const tally = storeCalls.get(h) ?? { count: 0 };
  const before = tally.count;
  const result = await runTurn(h.wiring.runtime, { channel: 'test', ...req });
  if (result.kind !== 'ok') throw new Error(`turn failed: ${result.kind}`);
  return { ...result, roundTrips: tally.count - before };
}

describe('two processes on one Redis, each with its own session cache', () => {
  let a: Harness;
  let b: Harness;
  beforeEach(async () => {
    a = await startHarness('redis');
    b = await startHarness('redis');
    countStoreCalls(a);
    countStoreCalls(b);
  });
  afterEach(async () => {
    await a.close();
    await b.close();
  });

  it('a stale cached copy never commits over the other process’s newer version: every answer is kept, in order', async () => {
    const conversationId = `cache-two-${Date.now()}-${Math.random()}`;
    const first = await turn(a, { conversationId, input: { kind: 'start', payload: 'report:pothole' }, create: { channelData: {}, fresh: true } });
    expect(first.roundTrips).toBe(1); // a fresh id is not loaded
    // Who serves each answer, and what it costs: b has nothing cached (load + commit); a stale copy
    // costs the refused commit and the commit on the session the conflict returned (no load); a
    // copy still current costs the commit alone. The submit also claims its reference.
    const plan: [Harness, number | undefined][] = [[b, 2], [a, 2], [a, 1], [b, 2], [a, 2], [b, 2], [b, undefined]];
    for (const [i, input] of REPORT.entries()) {
      const [h, trips] = plan[i]!;
      const r = await turn(h, { conversationId, input, dedupeId: `t:${i}` });
      if (trips !== undefined) expect([i, r.roundTrips]).toEqual([i, trips]);
      expect(r.version).toBe(i + 2);
    }
    const served = plan.map(([h]) => h);
    // Every turn's echo once, in order; every version once: nothing overwritten, nothing lost.
    const transcript = await a.wiring.runtime.store.history(conversationId);
    const versions = [...new Set(transcript.map((m) => m.id.split('.')[0]))];
    expect(versions).toHaveLength(REPORT.length + 1);
    expect(transcript.filter((m) => m.text === 'Deep pothole outside number 12, served by two processes.')).toHaveLength(1);
    // The report, submitted by the last process, carries the answers given to both.
    const last = served.at(-1)!;
    const line = await eventually(() => submissionLines(last.submissionsFile)[0]);
    expect(JSON.stringify(line.payload)).toContain('served by two processes');
    expect(JSON.stringify(line.payload)).toContain('medium');
  });

  it('an input repeated to the other process (its copy stale) gets the first reply, and nothing is applied twice', async () => {
    const s = await createSession(a.app);
    await say(a.app, s, { command: 'help', clientMessageId: 'warm-a' });
    await say(b.app, s, { command: 'help', clientMessageId: 'warm-b' }); // a's copy is now one version behind
    const reply = await say(b.app, s, { text: 'pothole', clientMessageId: 'm-1' });
    const before = await history(a.app, s);
    // a has never seen m-1 and its copy is stale: the commit itself recognises the repeat.
    const repeat = await runTurn(a.wiring.runtime, { conversationId: s.sessionId, channel: 'webchat', input: { kind: 'text', text: 'pothole' }, dedupeId: 'wc:m-1' });
    expect(repeat).toMatchObject({ kind: 'ok', duplicate: true, messages: reply });
    expect(await history(a.app, s)).toEqual(before);
  });

  it('the session hash, the transcript, one bounded hash of message ids and the message allowance are all a long conversation keeps', async () => {
    const s = await createSession(a.app);
    for (let i = 0; i < 3 * DEDUPE_IDS_KEPT; i++) await say(i % 3 === 0 ? b.app : a.app, s, { command: 'help', clientMessageId: `long-${i}` });
    const raw = createRedisClient(testRedisUrl());
    await waitUntilReady(raw, 2000, 'test');
    try {
      const [, keys] = await raw.scan('0', 'MATCH', `wegov:{${s.sessionId}}:*`, 'COUNT', 100_000);
      // The allowance: one short string, expiring with its minute.
      expect(keys.sort()).toEqual([historyKey(s.sessionId), `wegov:{${s.sessionId}}:session`, seenKey(s.sessionId), allowanceKey(s.sessionId)].sort());
      expect(await raw.pttl(allowanceKey(s.sessionId))).toBeLessThanOrEqual(60_000);
      expect((await raw.hlen(seenKey(s.sessionId))) - 2).toBeLessThanOrEqual(2 * DEDUPE_IDS_KEPT);
    } finally {
      await raw.quit();
    }
  });
});

describe('the schema check: skipped for this process’s own commits, kept for every read from Redis', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness('redis');
    countStoreCalls(h);
  });
  afterEach(async () => {
    await h.close();
  });

  const RESTARTED = "Sorry: I couldn't pick up our earlier conversation, so we're starting fresh.";
  const texts = (messages: readonly { text?: string }[]) => messages.map((m) => m.text);

  /** Overwrites the conversation's stored session as another writer would (redis-keys.ts sessionKey's layout). */
  async function tamper(conversationId: string, version: number, session: unknown): Promise<void> {
    const raw = createRedisClient(testRedisUrl());
    await waitUntilReady(raw, 2000, 'test');
    try {
      await raw.set(sessionKey(conversationId), `${version},,${JSON.stringify(session)}`, 'EX', 600);
    } finally {
      await raw.quit();
    }
  }

  it('on every turn of a whole report, the unchecked cached session is the session the check makes of the stored one', async () => {
    const cache = new SessionCache();
    h.wiring.runtime.cache = cache;
    const conversationId = `checked-${Date.now()}-${Math.random()}`;
    await turn(h, { conversationId, input: { kind: 'start', payload: 'report:pothole' }, create: { channelData: { k: 'v' }, fresh: true } });
    for (const [i, input] of REPORT.entries()) {
      const cached = cache.get(conversationId);
      expect(cached?.checked).toBe(true);
      const loaded = await h.wiring.runtime.store.load(conversationId);
      const env = h.wiring.runtime.env;
      const restored = restoreSession(loaded.conversation?.session, { id: conversationId, channel: 'test', locale: 'en', now: env.now(), channelData: {} }, env);
      expect(restored.events).toEqual([]);
      expect(JSON.parse(cached!.json)).toEqual(restored.session);
      const r = await turn(h, { conversationId, input, dedupeId: `c:${i}` });
      expect([i, r.roundTrips]).toEqual([i, i === REPORT.length - 1 ? r.roundTrips : 1]); // from the cache: the commit alone
    }
    // The submitted report is in the session the next turn steps on, checked or not.
    expect((JSON.parse(cache.get(conversationId)!.json) as { results: unknown[] }).results).toHaveLength(1);
  });

  it('an invalid session in Redis is refused on load (no cached copy): the person starts afresh with an apology', async () => {
    const conversationId = `tampered-load-${Date.now()}-${Math.random()}`;
    await tamper(conversationId, 3, { schema: 2, id: conversationId, stack: 'not a stack' });
    h.wiring.runtime.cache = new SessionCache();
    const r = await turn(h, { conversationId, input: { kind: 'command', command: 'help' } });
    expect(r.roundTrips).toBe(2); // load + commit
    expect(texts(r.messages)).toContain(RESTARTED);
  });

  it('an invalid session written over a cached one is refused: the conflict’s copy is checked, and so is the next load', async () => {
    const cache = new SessionCache();
    h.wiring.runtime.cache = cache;
    const conversationId = `tampered-cached-${Date.now()}-${Math.random()}`;
    await turn(h, { conversationId, input: { kind: 'start', payload: 'report:pothole' }, create: { channelData: {}, fresh: true } });
    expect(cache.get(conversationId)?.checked).toBe(true);
    // Another writer moves the session past the cached copy, with a value this version cannot read.
    await tamper(conversationId, 5, { schema: 2, id: conversationId, results: 42 });
    const r = await turn(h, { conversationId, input: { kind: 'choice', choiceId: 'medium' }, dedupeId: 't:1' });
    expect(r.roundTrips).toBe(2); // the refused commit, then the commit on the checked current copy
    expect(r.version).toBe(6);
    expect(texts(r.messages)).toContain(RESTARTED);
    // A conflict's copy, were it cached, would be checked on its next turn too.
    cache.remember(conversationId, 6, JSON.stringify({ schema: 2, id: conversationId, results: 42 }), { checked: false });
    const again = await turn(h, { conversationId, input: { kind: 'command', command: 'help' }, dedupeId: 't:2' });
    expect(texts(again.messages)).toContain(RESTARTED);
  });
});

describe.each(['memory', 'redis'] as const)('session cache (%s store)', (kind) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(kind);
    countStoreCalls(h);
  });
  afterEach(async () => {
    await h.close();
  });

  it('a repeated input after its session left the cache gets the same reply, and nothing is applied twice', async () => {
    const cache = new SessionCache({ max: 1 });
    h.wiring.runtime.cache = cache;
    const s = await createSession(h.app);
    const reply = await say(h.app, s, { text: 'there is a pothole', clientMessageId: 'm-1' });
    const before = await history(h.app, s);
    const other = await createSession(h.app); // evicts s
    expect(cache.get(s.sessionId)).toBeUndefined();
    // The newest conversation holds the one place, at the version its first turn committed.
    expect(cache.get(other.sessionId)?.version).toBe(1);
    expect(await say(h.app, s, { text: 'there is a pothole', clientMessageId: 'm-1' })).toEqual(reply);
    expect(await history(h.app, s)).toEqual(before);
    // And while it is cached again (a repeat of a recent id is loaded first, as without a cache).
    const first = await say(h.app, s, { command: 'help', clientMessageId: 'm-2' });
    const kept = await history(h.app, s);
    expect(await say(h.app, s, { command: 'help', clientMessageId: 'm-2' })).toEqual(first);
    expect(await history(h.app, s)).toEqual(kept);
  });

  it('an ordinary turn on a cached session is one round trip (Redis), and the cache stays bounded', async () => {
    const cache = new SessionCache({ max: 3 });
    h.wiring.runtime.cache = cache;
    const s = await createSession(h.app, { start: 'report:pothole' });
    await say(h.app, s, { choice: 'medium' });
    const r = await turn(h, { conversationId: s.sessionId, input: { kind: 'choice', choiceId: '_skip' }, dedupeId: 'wc:one-trip' });
    expect(r.roundTrips).toBe(1); // the commit (in memory: one call, no network)
    for (let i = 0; i < 5; i++) await createSession(h.app);
    expect(cache.size).toBe(3);
  });
});

describe('session cache bounds', () => {
  it('holds at most 4 MiB of sessions by default, dropping the least recently used first', () => {
    const cache = new SessionCache();
    const json = JSON.stringify({ answers: 'x'.repeat(1200) });
    for (let i = 0; i < 5000; i++) cache.remember(`conv-${i}`, 1, json, { checked: true, dedupeId: `m-${i}` });
    expect(cache.bytes).toBeLessThanOrEqual(4 * 1024 * 1024);
    // About 2,800 such sessions fit: the newest are kept, the oldest are gone.
    expect(cache.size).toBeGreaterThan(2500);
    expect(cache.size).toBeLessThan(3000);
    expect(cache.get('conv-4999')?.json).toBe(json);
    expect(cache.get('conv-0')).toBeUndefined();
  });

  it('counts a session by its size: a few large ones take the room of many small ones', () => {
    const cache = new SessionCache({ maxBytes: 64 * 1024 });
    const small = JSON.stringify({ a: 'x'.repeat(100) });
    const large = JSON.stringify({ a: 'x'.repeat(20_000) });
    for (let i = 0; i < 100; i++) cache.remember(`small-${i}`, 1, small, { checked: true });
    expect(cache.size).toBe(100);
    for (let i = 0; i < 3; i++) cache.remember(`large-${i}`, 1, large, { checked: true });
    expect(cache.bytes).toBeLessThanOrEqual(64 * 1024);
    // The three large sessions (about 20 KB each) are all kept, whole; room for 13 small ones
    // is left, and those are the most recently used: the 87 oldest went.
    for (let i = 0; i < 3; i++) expect(cache.get(`large-${i}`)?.json).toBe(large);
    expect(cache.size).toBe(3 + 13);
    expect(cache.get('small-86')).toBeUndefined();
    for (let i = 87; i < 100; i++) expect(cache.get(`small-${i}`)?.json).toBe(small);
  });
});
