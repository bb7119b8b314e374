/**
 * The Redis stores against a real Redis (the run's private server, or REDIS_URL): the shared
 * contract, plus what only Redis has: key layout and TTLs, round trips, key escaping,
 * subscription sharing, error classification.
 */
import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';
import type { RedisClient } from '../../src/state/redis-connection';
import { createStores } from '../../src/state';
import { RedisMediaStore } from '../../src/state/redis-media-store';
import { createRedisClient } from '../../src/state/redis-connection';
import { dedupeIndexKey, eventsChannel, seenDigest, seenField } from '../../src/state/redis-keys';
import { RedisSessionStore } from '../../src/state/redis-store';
import { RoundTripCounter } from '../../src/state/redis-calls';
import { DEDUPE_IDS_KEPT, DEFAULT_HISTORY_MAX_BYTES } from '../../src/state/store-limits';
import { StoreUnavailableError } from '../../src/state/types';
import { connectedClient, REDIS_TARGETS, testRedisUrl } from '../setup/redis';
import { testRedisCluster } from '../setup/redis-cluster';
import { describeSessionStoreContract } from './contract';
import { commitRequest, listen, message, newConversationId, sleep, submission } from './contract-helpers';

function makeRedisStores(historyLimit?: number, historyMaxBytes?: number, url = testRedisUrl()) {
  const client = createRedisClient(url);
  const counter = new RoundTripCounter();
  const sessions = new RedisSessionStore({ client, counter, historyLimit, historyMaxBytes });
  const media = new RedisMediaStore({ client, counter });
  return { client, sessions, media, close: () => sessions.close() };
}

describe.each(REDIS_TARGETS)('%s', (_target, redisUrl) => {
  let url: string;
  beforeAll(async () => {
    url = await redisUrl();
  });
  describeSessionStoreContract('redis', async ({ historyLimit, historyMaxBytes }) => makeRedisStores(historyLimit, historyMaxBytes, url), {
    advanceClock: (ms) => sleep(ms),
  });
});

describe('Redis Cluster specifics', () => {
  let stores: ReturnType<typeof makeRedisStores>;
  let raw: RedisClient;
  beforeAll(async () => {
    const url = await testRedisCluster();
    stores = makeRedisStores(undefined, undefined, url);
    raw = await connectedClient(url);
  });
  afterAll(async () => {
    await stores.close();
    await raw.quit();
  });

  /** The port of the master that holds `key`. */
  async function nodeOf(key: string): Promise<number> {
    const slot = Number(await raw.call('CLUSTER', 'KEYSLOT', key));
    const ranges = (await raw.call('CLUSTER', 'SLOTS')) as [number, number, [string, number]][];
    return ranges.find(([from, to]) => slot >= from && slot <= to)?.[2][1] ?? -1;
  }

  test('conversations spread over the masters: every outbox is found (SCAN on each master) and every live message arrives', async () => {
    const convs = Array.from({ length: 12 }, () => newConversationId());
    const nodes = new Set(await Promise.all(convs.map((c) => nodeOf(`wegov:{${c}}:outbox`))));
    expect(nodes.size).toBeGreaterThan(1); // 12 random tags on 3 masters: all on one is a 1-in-177,000 chance
    const listeners = await Promise.all(convs.map((c) => listen(stores.sessions, c)));
    for (const c of convs) {
      await stores.sessions.commit(commitRequest(c, { history: [message(1, 0, c)], publish: [message(1, 0, c)], submissions: [submission(c, 's-1')] }));
    }
    const pending = (await stores.sessions.pendingSubmissions()).filter((s) => convs.includes(s.conversationId));
    expect(pending.map((s) => s.conversationId).sort()).toEqual([...convs].sort());
    for (const [i, l] of listeners.entries()) {
      expect((await l.waitFor(1)).map((m) => m.text)).toEqual([convs[i]]);
      await l.unsubscribe();
    }
  });

  test("a conversation's keys, a reference and its owner each share one slot", async () => {
    const conv = newConversationId();
    const slots = async (...keys: string[]) => new Set(await Promise.all(keys.map((k) => raw.call('CLUSTER', 'KEYSLOT', k))));
    const tag = `wegov:{${conv}}`;
    expect((await slots(`${tag}:session`, `${tag}:history`, `${tag}:outbox`, `${tag}:dedupe:u-1`, `${tag}:dedupe-index`, `${tag}:events`)).size).toBe(1);
    expect(await stores.sessions.reserveReference(`R-${conv}`, conv, 60)).toBe(true);
    expect(await stores.sessions.lookupReference(`R-${conv}`)).toBe(conv);
    await stores.sessions.forgetReference(`R-${conv}`);
    expect(await stores.sessions.lookupReference(`R-${conv}`)).toBeNull();
  });
});

describe('redis store specifics', () => {
  let stores: ReturnType<typeof makeRedisStores>;
  let raw: RedisClient;
  beforeAll(() => {
    raw = createRedisClient(testRedisUrl());
  });
  afterAll(async () => {
    await raw.quit();
  });
  beforeEach(() => {
    stores = makeRedisStores();
  });
  afterEach(async () => {
    await stores.close();
  });

  /** Counts what really goes over the wire, to check the store's own tally. */
  function wireCommands(client: RedisClient): { names: string[] } {
    const seen = { names: [] as string[] };
    const single = client as Redis; // the wire of one server (a cluster's has a node argument)
    const send = single.sendCommand.bind(single);
    jest.spyOn(single, 'sendCommand').mockImplementation((command, stream) => {
      seen.names.push(command.name);
      return send(command, stream);
    });
    return seen;
  }

  test('load is one round trip and commit is one round trip, dedupe, history, outbox and publish included', async () => {
    const { sessions, client } = stores;
    const conv = newConversationId();
    const live = await listen(sessions, conv);
    const wire = wireCommands(client);

    let before = sessions.roundTrips;
    await sessions.load(conv, 'u-1');
    expect(sessions.roundTrips - before).toBe(1);
    before = sessions.roundTrips;
    const result = await sessions.commit(
      commitRequest(conv, {
        history: [message(1, 0, 'q'), message(1, 1, 'a', 'user')],
        publish: [message(1, 0, 'q')],
        submissions: [submission(conv, 's-1')],
        dedupe: { id: 'u-1', ttlSeconds: 60 },
      }),
    );
    expect(result).toEqual({ ok: true, version: 1 });
    expect(sessions.roundTrips - before).toBe(1);
    before = sessions.roundTrips;
    await sessions.load(conv, 'u-2');
    await sessions.commit(commitRequest(conv, { expectedVersion: 1, dedupe: { id: 'u-2', ttlSeconds: 60 } }));
    expect(sessions.roundTrips - before).toBe(2);
    // One script call each (ioredis sends EVAL the first time on a connection, EVALSHA after).
    expect(wire.names).toEqual(['evalsha', 'evalsha', 'evalsha', 'evalsha']);
    await live.waitFor(1);
    await live.unsubscribe();
  });

  test('keys: namespaced, hash-tagged per conversation, with the agreed types, fields and TTLs', async () => {
    const conv = newConversationId();
    const reference = `REF-${conv}`;
    await stores.sessions.commit(
      commitRequest(conv, {
        session: { a: 1 },
        ttlSeconds: 120,
        history: [message(1, 0, 'hi')],
        submissions: [submission(conv, 's-1')],
        dedupe: { id: 'u-1', ttlSeconds: 30 },
      }),
    );
    await stores.sessions.reserveReference(reference, conv, 3600);
    await stores.media.put(`m-${conv}`, 'image/png', Buffer.from('png'), 45);
    const tag = `wegov:{${conv}}`;

    // One string: version, the transcript's size in bytes (kept with the session so trimming never reads the list), the session.
    const historyBytes = String(Buffer.byteLength(JSON.stringify(message(1, 0, 'hi'))));
    expect(await raw.get(`${tag}:session`)).toBe(`1,${historyBytes},{"a":1}`);
    expect(await raw.lrange(`${tag}:history`, 0, -1)).toEqual([JSON.stringify(message(1, 0, 'hi'))]);
    expect(await raw.hgetall(`${tag}:outbox`)).toEqual({ 's-1': JSON.stringify(submission(conv, 's-1')) });
    // The input id points at its commit's messages (position 0, 1 message), until its TTL: no reply copy.
    const seen = await raw.hgetall(`${tag}:seen`);
    expect(Object.keys(seen).sort()).toEqual(['#n', seenField('u-1')].sort());
    expect(seenField('u-1')).toHaveLength(10);
    // Position 0, 1 message, expiry in seconds (base 36): 30 s from now, rounded up.
    expect(seen).toMatchObject({ '#n': '1', [seenField('u-1')]: expect.stringMatching(/^0,1,[0-9a-z]{6}$/) });
    const expiresAt = parseInt(seen[seenField('u-1')]!.split(',')[2]!, 36) * 1000;
    expect(expiresAt - Date.now()).toBeGreaterThan(25_000);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(31_000);
    // The reference stays taken; its owner (the conversation) is kept for the retention period.
    expect(await raw.get(`wegov:ref:${reference}`)).toBe('');
    expect(await raw.get(`wegov:ref-owner:{wegov:ref:${reference}}`)).toBe(conv);
    expect(await raw.hget(`wegov:media:m-${conv}`, 'contentType')).toBe('image/png');

    const ttl = async (key: string) => raw.pttl(key);
    for (const key of [`${tag}:session`, `${tag}:history`]) {
      expect(await ttl(key)).toBeGreaterThan(110_000);
      expect(await ttl(key)).toBeLessThanOrEqual(120_000);
    }
    // As long as the longer of the session and the id.
    expect(await ttl(`${tag}:seen`)).toBeGreaterThan(110_000);
    expect(await ttl(`${tag}:seen`)).toBeLessThanOrEqual(120_000);
    expect(await ttl(`wegov:media:m-${conv}`)).toBeGreaterThan(40_000);
    expect(await ttl(`${tag}:outbox`)).toBe(-1); // never expires
    expect(await ttl(`wegov:ref:${reference}`)).toBe(-1);
    expect(await ttl(`wegov:ref-owner:{wegov:ref:${reference}}`)).toBeGreaterThan(3_590_000);
  });

  it('a reference reserved before owners expired (owner in the reference key) is still found, and forgotten', async () => {
    const conv = newConversationId();
    const reference = `OLD-${conv.slice(-6).toUpperCase()}`;
    await raw.set(`wegov:ref:${reference}`, conv);
    expect(await stores.sessions.lookupReference(reference)).toBe(conv);
    await stores.sessions.forgetReference(reference);
    expect(await stores.sessions.lookupReference(reference)).toBeNull();
    expect(await raw.get(`wegov:ref:${reference}`)).toBe('-');
    expect(await stores.sessions.reserveReference(reference, conv)).toBe(false);
  });

  test('a conversation stored by the version before (session hash, 12-character seen fields with seq and ms) loads, dedupes and commits on', async () => {
    const conv = newConversationId();
    const tag = `wegov:{${conv}}`;
    const hi = JSON.stringify(message(1, 0, 'hi'));
    await raw.hset(`${tag}:session`, 'v', '1', 's', '{"old":true}', 'hb', String(Buffer.byteLength(hi)));
    await raw.rpush(`${tag}:history`, hi);
    await raw.hset(`${tag}:seen`, '#n', '1', '#q', '1', seenDigest('u-old'), `1,0,1,${Date.now() + 60_000}`);
    await expect(stores.sessions.load(conv, 'u-old')).resolves.toEqual({ conversation: { version: 1, session: { old: true } }, duplicateReply: [message(1, 0, 'hi')] });
    await expect(stores.sessions.commit(commitRequest(conv, { expectedVersion: 1, dedupe: { id: 'u-old', ttlSeconds: 60 } }))).resolves.toMatchObject({ ok: false, reason: 'duplicate' });
    await expect(stores.sessions.commit(commitRequest(conv, { expectedVersion: 0 }))).resolves.toMatchObject({ ok: false, reason: 'conflict', current: { version: 1, session: { old: true } } });
    await expect(stores.sessions.commit(commitRequest(conv, { expectedVersion: 1, session: { now: 2 }, history: [message(2, 0, 'on')], dedupe: { id: 'u-new', ttlSeconds: 60 } }))).resolves.toEqual({ ok: true, version: 2 });
    // Rewritten as one string; the old id is still remembered; the counter the old format kept is gone.
    const bytes = Buffer.byteLength(hi) + Buffer.byteLength(JSON.stringify(message(2, 0, 'on')));
    expect(await raw.get(`${tag}:session`)).toBe(`2,${bytes},{"now":2}`);
    await expect(stores.sessions.load(conv, 'u-old')).resolves.toMatchObject({ conversation: { version: 2 }, duplicateReply: [message(1, 0, 'hi')] });
    await expect(stores.sessions.load(conv, 'u-new')).resolves.toMatchObject({ duplicateReply: [message(2, 0, 'on')] });
    expect(Object.keys(await raw.hgetall(`${tag}:seen`)).sort()).toEqual(['#n', seenDigest('u-old'), seenField('u-new')].sort());
  });

  /** Bytes Redis itself reports for every key of a conversation (MEMORY USAGE, all samples). */
  async function memoryUsage(conv: string): Promise<number> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await raw.scan(cursor, 'MATCH', `wegov:{${conv}}:*`, 'COUNT', 1000);
      cursor = next;
      keys.push(...found);
    } while (cursor !== '0');
    let total = 0;
    for (const key of keys) total += Number(await raw.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
    return total;
  }

  test('under a flood (200 messages of 20,000 characters, each input id remembered) a conversation stays small in Redis', async () => {
    const conv = newConversationId();
    for (let v = 1; v <= 200; v++) {
      const echo = message(v, 0, 'é'.repeat(20_000), 'user');
      const reply = message(v, 1, `Too long, ${v}: ${'é'.repeat(5_000)}`);
      await stores.sessions.commit(commitRequest(conv, { expectedVersion: v - 1, history: [echo, reply], dedupe: { id: `wc:${v}`, ttlSeconds: 86_400 } }));
    }
    const used = await memoryUsage(conv);
    // Transcript cap + the session + at most 2 * DEDUPE_IDS_KEPT ids of about 40 B. Before the caps: about 12 MB.
    expect(used).toBeLessThan(DEFAULT_HISTORY_MAX_BYTES + 16 * 1024);
    const tag = `wegov:{${conv}}`;
    const history = await raw.lrange(`${tag}:history`, 0, -1);
    const bytes = history.reduce((sum, json) => sum + Buffer.byteLength(json), 0);
    expect(bytes).toBeLessThanOrEqual(DEFAULT_HISTORY_MAX_BYTES);
    expect((await raw.get(`${tag}:session`))?.split(',')[1]).toBe(String(bytes));
    await expect(stores.sessions.load(conv, 'wc:199')).resolves.toMatchObject({ duplicateReply: [] });
    await expect(stores.sessions.load(conv, 'wc:200')).resolves.toMatchObject({ duplicateReply: [{ from: 'user' }, { text: expect.stringMatching(/^Too long, 200/) }] });
  });

  test('the seen hash never grows past 2 * DEDUPE_IDS_KEPT ids, whatever the conversation length; each id costs tens of bytes', async () => {
    const conv = newConversationId();
    const seenKey = `wegov:{${conv}}:seen`;
    let most = 0;
    for (let v = 1; v <= 5 * DEDUPE_IDS_KEPT; v++) {
      await stores.sessions.commit(commitRequest(conv, { expectedVersion: v - 1, history: [message(v, 0, 'ok')], dedupe: { id: `wc:${randomUUID()}`, ttlSeconds: 86_400 } }));
      most = Math.max(most, (await raw.hlen(seenKey)) - 1);
    }
    expect(most).toBe(2 * DEDUPE_IDS_KEPT);
    const bytes = Number(await raw.call('MEMORY', 'USAGE', seenKey, 'SAMPLES', '0'));
    expect(bytes).toBeLessThan(2 * DEDUPE_IDS_KEPT * 32 + 256);
  });

  test('erasure also deletes the per-input reply keys older versions kept (and their index)', async () => {
    const conv = newConversationId();
    const tag = `wegov:{${conv}}`;
    await stores.sessions.commit(commitRequest(conv, { history: [message(1, 0, 'my address is 1 Main St')] }));
    await raw.set(`${tag}:dedupe:u-old`, JSON.stringify({ messages: ['1 Main St'] }), 'EX', 600);
    await raw.zadd(dedupeIndexKey(conv), Date.now() + 600_000, `${tag}:dedupe:u-old`);
    await stores.sessions.commit(commitRequest(conv, { expectedVersion: 1, eraseHistory: true, history: [message(2, 0, 'Your data was deleted.')] }));
    expect(await raw.exists(`${tag}:dedupe:u-old`, dedupeIndexKey(conv))).toBe(0);
  });

  test('a transcript stored before the byte cap (no transcript bytes) is counted once, then capped', async () => {
    const conv = newConversationId();
    const capped = makeRedisStores(undefined, 700);
    try {
      await stores.sessions.commit(commitRequest(conv, { history: [message(1, 0, 'a'.repeat(300)), message(1, 1, 'b'.repeat(300))] }));
      const stored = (await raw.get(`wegov:{${conv}}:session`))!;
      await raw.set(`wegov:{${conv}}:session`, stored.replace(/^(\d+),\d+,/, '$1,,'), 'KEEPTTL');
      await capped.sessions.commit(commitRequest(conv, { expectedVersion: 1, history: [message(2, 0, 'c'.repeat(100))] }));
      expect((await capped.sessions.history(conv)).map((m) => m.text[0])).toEqual(['b', 'c']);
    } finally {
      await capped.close();
    }
  });

  test('ids with braces cannot break the hash tag or pass for an outbox', async () => {
    const conv = `${newConversationId()}{x}`;
    const sneaky = 'u}:outbox';
    await stores.sessions.commit(commitRequest(conv, { submissions: [submission(conv, 's-1')], history: [message(1, 0, 'x')], dedupe: { id: sneaky, ttlSeconds: 60 } }));
    const tag = `wegov:{${conv.replace('{', '%7B').replace('}', '%7D')}}`;
    expect(await raw.exists(`${tag}:session`, `${tag}:outbox`, `${tag}:seen`)).toBe(3);
    expect((await stores.sessions.pendingSubmissions()).filter((s) => s.conversationId === conv)).toHaveLength(1);
    await expect(stores.sessions.load(conv, sneaky)).resolves.toMatchObject({ duplicateReply: [message(1, 0, 'x')] });
  });

  test('listeners of one conversation share one Redis subscription, dropped with the last listener', async () => {
    const conv = newConversationId();
    const channel = eventsChannel(conv);
    const subscribers = async () => ((await raw.pubsub('NUMSUB', channel)) as [string, number])[1];
    const one = await listen(stores.sessions, conv);
    const two = await listen(stores.sessions, conv);
    expect(await subscribers()).toBe(1);
    await one.unsubscribe();
    expect(await subscribers()).toBe(1);
    await two.unsubscribe();
    expect(await subscribers()).toBe(0);
    const again = await listen(stores.sessions, conv);
    await stores.sessions.commit(commitRequest(conv, { publish: [message(1, 0, 'back')] }));
    await again.waitFor(1);
    await again.unsubscribe();
  });

  test('a wrong-type key is a fault (passed on as is), not "store unavailable"', async () => {
    const conv = newConversationId();
    await raw.set(`wegov:{${conv}}:history`, 'not a list');
    const failure = await stores.sessions.history(conv).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(StoreUnavailableError);
    expect(String(failure)).toMatch(/WRONGTYPE/);
  });

  test('createStores picks memory without a URL and Redis with one', async () => {
    const memory = createStores();
    expect(memory.kind).toBe('memory');
    await memory.close();

    const redis = createStores({ redisUrl: testRedisUrl(), historyLimit: 2, commandTimeoutMs: 500 });
    expect(redis.kind).toBe('redis');
    const conv = newConversationId();
    await redis.sessions.commit(commitRequest(conv, { history: [message(1, 0, '1'), message(1, 1, '2'), message(1, 2, '3')] }));
    expect((await redis.sessions.history(conv)).map((m) => m.text)).toEqual(['2', '3']);
    await redis.media.put(`m-${conv}`, 'text/plain', Buffer.from('x'), 10);
    // commit, history, put, and the one TIME that measures the clock for commit deadlines (on connecting)
    expect(redis.roundTrips()).toBe(4);
    await redis.close();
    await expect(redis.sessions.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(redis.sessions.subscribe(conv, () => undefined)).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});
