/**
 * Commit deadlines are in Redis's clock (redis-clock.ts, COMMIT_LUA): a commit that reaches Redis
 * after its deadline changes nothing and says so (503 upstream), and a process whose clock is an
 * hour off still gets deadlines a command timeout (less the margin) after Redis's now, so its
 * people's messages are saved as usual.
 */
import { deadlineMargin, RedisClock } from '../../src/state/redis-clock';
import { RoundTripCounter, waitUntilReady } from '../../src/state/redis-calls';
import { createRedisClient, type RedisClient } from '../../src/state/redis-connection';
import { commitArgs, decodeCommitReply, withScripts } from '../../src/state/redis-scripts';
import { sessionKey } from '../../src/state/redis-keys';
import { StoreUnavailableError } from '../../src/state/types';
import { testRedisUrl } from '../setup/redis';
import { commitRequest, message, newConversationId } from './contract-helpers';

const BOUNDS = { limit: 200, maxBytes: 65_536 };
const HOUR = 3_600_000;

async function redisNowMs(client: RedisClient): Promise<number> {
  const [seconds, micros] = await client.time();
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
}

describe('commit deadlines in Redis time', () => {
  let client: RedisClient;
  let scripts: ReturnType<typeof withScripts>;
  beforeAll(async () => {
    client = createRedisClient(testRedisUrl(), { commandTimeoutMs: 800 });
    scripts = withScripts(client);
    await waitUntilReady(client, 5000, 'test');
  });
  afterAll(() => client.disconnect());

  /** Commits a first message with `deadline`; the decoded result, or what it threw. */
  async function commitWith(conv: string, deadline: number): Promise<unknown> {
    const req = commitRequest(conv, { session: { answers: ['pothole'] }, history: [message(1, 0, 'pothole', 'user')] });
    try {
      return decodeCommitReply(await scripts.wegovCommit(...commitArgs(req, BOUNDS, Date.now(), deadline)));
    } catch (error) {
      return error;
    }
  }

  test('a commit that arrives after its deadline is refused as "store unavailable" and writes nothing', async () => {
    const conv = newConversationId();
    const late = await commitWith(conv, (await redisNowMs(client)) - 1);
    expect(late).toBeInstanceOf(StoreUnavailableError);
    expect((late as Error).message).toMatch(/after its deadline and changed nothing/);
    expect(await client.exists(sessionKey(conv))).toBe(0);
    // The person's retry, in time, is saved.
    await expect(commitWith(conv, (await redisNowMs(client)) + 5_000)).resolves.toEqual({ ok: true, version: 1 });
  });

  test('a process clock an hour ahead: the offset makes up for it, deadlines fall in Redis time and commits are saved', async () => {
    const clock = new RedisClock(client, new RoundTripCounter(), 800, () => Date.now() + HOUR);
    const offset = await clock.sync();
    expect(Math.abs((offset ?? Number.NaN) + HOUR)).toBeLessThan(50);
    const before = await redisNowMs(client);
    const deadline = clock.commitDeadline();
    const after = await redisNowMs(client);
    expect(deadline).toBeGreaterThanOrEqual(before + 800 - deadlineMargin(800) - 50);
    expect(deadline).toBeLessThanOrEqual(after + 800 - deadlineMargin(800) + 50);
    await expect(commitWith(newConversationId(), deadline)).resolves.toEqual({ ok: true, version: 1 });
  });

  test('a client without a command timeout waits for ever: its commits carry no deadline and cost no clock round trip', async () => {
    const counter = new RoundTripCounter();
    const clock = new RedisClock(client, counter, undefined);
    expect(await clock.sync()).toBeUndefined();
    expect(clock.commitDeadline()).toBe(0);
    expect(counter.count).toBe(0);
  });

  test('the margin is a quarter of the timeout, 100 ms at least and half the timeout at most', () => {
    expect([deadlineMargin(2000), deadlineMargin(800), deadlineMargin(300), deadlineMargin(100)]).toEqual([500, 200, 100, 50]);
  });
});
