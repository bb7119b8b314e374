/**
 * Redis down or frozen: every call fails fast with StoreUnavailableError (so the HTTP layer
 * answers 503), and the store works again, data intact, once Redis is back.
 */
import type { RedisClient } from '../../src/state/redis-connection';
import { createStores } from '../../src/state';
import { createRedisClient } from '../../src/state/redis-connection';
import { RedisMediaStore } from '../../src/state/redis-media-store';
import { RedisSessionStore } from '../../src/state/redis-store';
import { StoreUnavailableError } from '../../src/state/types';
import { signalDaemon } from '../setup/daemon-pid';
import { startPrivateRedis, stopPrivateRedis, type PrivateRedis } from '../setup/private-redis';
import { eventsChannel } from '../../src/state/redis-keys';
import { commitRequest, listen, message, newConversationId, sleep } from './contract-helpers';

/** Elapsed ms and the rejection of `call`, which must reject. */
async function failure(call: () => Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const started = Date.now();
  try {
    await call();
  } catch (error) {
    return { ms: Date.now() - started, error };
  }
  throw new Error('expected the call to fail');
}

describe.each([
  ['a unix socket nobody listens on', 'unix:///nonexistent/wegov-test/redis.sock'],
  ['a TCP port nobody listens on', 'redis://127.0.0.1:1'],
])('Redis unreachable: %s', (_label, url) => {
  test('every call rejects with StoreUnavailableError, quickly, and creating the stores does not throw', async () => {
    const stores = createStores({ redisUrl: url, commandTimeoutMs: 1000 });
    const conv = newConversationId();
    const calls: Array<() => Promise<unknown>> = [
      () => stores.sessions.load(conv, 'u-1'),
      () => stores.sessions.commit(commitRequest(conv)),
      () => stores.sessions.ping(),
      () => stores.sessions.history(conv),
      () => stores.sessions.pendingSubmissions(),
      () => stores.sessions.reserveReference('REF-1', conv),
      () => stores.sessions.subscribe(conv, () => undefined),
      () => stores.media.get('m-1'),
    ];
    for (const call of calls) {
      const { ms, error } = await failure(call);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect((error as StoreUnavailableError).code).toBe('store_unavailable');
      expect(ms).toBeLessThan(1500);
    }
    await stores.close();
  });
});

describe('Redis frozen (SIGSTOP) then resumed (SIGCONT)', () => {
  let server: PrivateRedis | undefined;
  let client: RedisClient;
  let sessions: RedisSessionStore;
  let media: RedisMediaStore;

  beforeAll(async () => {
    server = await startPrivateRedis();
    client = createRedisClient(server.url, { commandTimeoutMs: 300 });
    sessions = new RedisSessionStore({ client, readyTimeoutMs: 300 });
    media = new RedisMediaStore({ client, readyTimeoutMs: 300 });
  });

  afterAll(async () => {
    if (server) {
      await stopPrivateRedis(server); // sends SIGCONT first, even if a test failed mid-way
      server = undefined;
    }
    client?.disconnect();
  });

  test('calls time out with StoreUnavailableError while frozen; afterwards the data is intact and commits work', async () => {
    const frozen = server!;
    const conv = newConversationId();
    await expect(sessions.commit(commitRequest(conv, { session: { answers: ['kept'] } }))).resolves.toEqual({ ok: true, version: 1 });
    // Commits carry a deadline in Redis's clock once the offset is known (it is measured on connecting).
    expect(Math.abs((await sessions.syncClock()) ?? Number.NaN)).toBeLessThan(50);
    const turn = commitRequest(conv, {
      expectedVersion: 1,
      session: { answers: ['kept', 'second'] },
      history: [message(2, 0, 'got it')],
      dedupe: { id: 'u-2', ttlSeconds: 60 },
    });

    signalDaemon(frozen.pid, 'SIGSTOP');
    try {
      for (const call of [() => sessions.load(conv), () => sessions.commit(turn), () => sessions.ping(), () => media.get('m-1')]) {
        const { ms, error } = await failure(call);
        expect(error).toBeInstanceOf(StoreUnavailableError);
        expect((error as StoreUnavailableError).cause).toBeInstanceOf(Error);
        expect(ms).toBeGreaterThanOrEqual(250);
        expect(ms).toBeLessThan(1000);
      }
    } finally {
      signalDaemon(frozen.pid, 'SIGCONT');
    }

    // The timed-out commit was still on the socket when Redis resumed: it ran after its
    // deadline and changed nothing, as the caller was told. Its retry applies, once.
    await expect(sessions.load(conv, 'u-2')).resolves.toEqual({ conversation: { version: 1, session: { answers: ['kept'] } }, duplicateReply: null });
    await expect(sessions.commit(turn)).resolves.toEqual({ ok: true, version: 2 });
    await expect(sessions.commit(turn)).resolves.toEqual({ ok: false, reason: 'duplicate', reply: [message(2, 0, 'got it')] });
    await expect(sessions.load(conv)).resolves.toEqual({
      conversation: { version: 2, session: { answers: ['kept', 'second'] } },
      duplicateReply: null,
    });
    await expect(sessions.commit(commitRequest(conv, { expectedVersion: 2, session: { answers: ['kept', 'second', 'third'] } }))).resolves.toEqual({
      ok: true,
      version: 3,
    });
    await expect(sessions.ping()).resolves.toBeUndefined();
  });
});

describe('Redis restarted', () => {
  let server: PrivateRedis | undefined;
  let sessions: RedisSessionStore | undefined;

  afterAll(async () => {
    await sessions?.close();
    if (server) await stopPrivateRedis(server);
  });

  test('calls fail fast while it is down, work again once it is back, and live subscriptions resume', async () => {
    server = await startPrivateRedis();
    const client = createRedisClient(server.url, { commandTimeoutMs: 500, maxReconnectDelayMs: 100 });
    sessions = new RedisSessionStore({ client, readyTimeoutMs: 500 });
    const conv = newConversationId();
    const live = await listen(sessions, conv);

    await stopPrivateRedis(server, true);
    const down = await failure(() => sessions!.commit(commitRequest(conv)));
    expect(down.error).toBeInstanceOf(StoreUnavailableError);
    expect(down.ms).toBeLessThan(600);

    server = await startPrivateRedis(server.dir);
    const probe = createRedisClient(server.url);
    try {
      await eventually(() => sessions!.ping());
      // The subscriber connection reconnects and resubscribes on its own.
      await eventually(async () => {
        const [, count] = (await probe.pubsub('NUMSUB', eventsChannel(conv))) as [string, number];
        if (count !== 1) throw new Error(`${count} subscribers`);
      });
    } finally {
      probe.disconnect();
    }
    await expect(sessions.commit(commitRequest(conv, { publish: [message(1, 0, 'after restart')] }))).resolves.toEqual({ ok: true, version: 1 });
    expect((await live.waitFor(1)).map((m) => m.text)).toEqual(['after restart']);
    await live.unsubscribe();
  });
});

/** Retry `check` every 50 ms until it passes; its last failure is thrown after `timeoutMs`. */
async function eventually(check: () => Promise<unknown>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(50);
    }
  }
}
