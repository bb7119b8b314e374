/**
 * Commit deadlines are in Redis's clock: measured against a real Redis, a process clock that is
 * an hour off still gets deadlines a command timeout (less the margin) after Redis's now.
 */
import { deadlineMargin, RedisClock } from '../../src/state/redis-clock';
import { RoundTripCounter } from '../../src/state/redis-calls';
import { createRedisClient, type RedisClient } from '../../src/state/redis-connection';
import { testRedisUrl } from '../setup/redis';

async function redisNowMs(client: RedisClient): Promise<number> {
  const [seconds, micros] = await client.time();
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
}

describe('RedisClock', () => {
  let client: RedisClient;
  beforeAll(() => {
    client = createRedisClient(testRedisUrl(), { commandTimeoutMs: 800 });
  });
  afterAll(() => client.disconnect());

  test('a process clock an hour ahead: the offset makes up for it and deadlines fall in Redis time', async () => {
    const hour = 3_600_000;
    const clock = new RedisClock(client, new RoundTripCounter(), 800, () => Date.now() + hour);
    const offset = await clock.sync();
    expect(offset).toBeDefined();
    expect(Math.abs(offset! + hour)).toBeLessThan(50);
    const before = await redisNowMs(client);
    const deadline = clock.commitDeadline();
    const after = await redisNowMs(client);
    expect(deadlineMargin(800)).toBe(200);
    expect(deadline).toBeGreaterThanOrEqual(before + 600 - 50);
    expect(deadline).toBeLessThanOrEqual(after + 600 + 50);
  });

  test('a client without a command timeout waits for ever: its commits carry no deadline', async () => {
    const counter = new RoundTripCounter();
    const clock = new RedisClock(client, counter, undefined);
    expect(await clock.sync()).toBeUndefined();
    expect(clock.commitDeadline()).toBe(0);
    expect(counter.count).toBe(0);
  });

  test('the margin is a quarter of the timeout, 100 ms at least and half the timeout at most', () => {
    expect(deadlineMargin(2000)).toBe(500);
    expect(deadlineMargin(300)).toBe(100);
    expect(deadlineMargin(100)).toBe(50);
  });
});
