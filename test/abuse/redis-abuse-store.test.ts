/** The Redis abuse store against the run's Redis: the contract, plus keys, round trips and sharing. */
import type { RedisClient } from '../../src/state/redis-connection';
import { RedisAbuseStore } from '../../src/abuse/redis-abuse-store';
import type { LimitPolicy } from '../../src/abuse/types';
import { createRedisClient } from '../../src/state/redis-connection';
import { testRedisUrl } from '../setup/redis';
import { testRedisCluster } from '../setup/redis-cluster';
import { describeAbuseStoreContract, entry, newIdentity, POLICY, T0 } from './contract';

function makeStore(policy: LimitPolicy, url = testRedisUrl()): RedisAbuseStore {
  return new RedisAbuseStore({ client: createRedisClient(url), policy, ownsClient: true });
}

describeAbuseStoreContract('redis', async (policy) => makeStore(policy));
describeAbuseStoreContract('redis cluster', async (policy) => makeStore(policy, await testRedisCluster()));

describe('redis abuse store specifics', () => {
  let raw: RedisClient;
  beforeAll(() => {
    raw = createRedisClient(testRedisUrl());
  });
  afterAll(async () => {
    await raw.quit();
  });

  test('the check before a turn is one round trip (one script call), blocked or not', async () => {
    const store = makeStore(POLICY);
    const id = newIdentity();
    let before = store.roundTrips;
    await store.admit(id, { nowMs: T0, count: true });
    expect(store.roundTrips - before).toBe(1);
    await store.block(entry(id), T0);
    before = store.roundTrips;
    await store.admit(id, { nowMs: T0 + 1, count: true });
    expect(store.roundTrips - before).toBe(1);
    await store.close();
  });

  test('keys: namespaced, hash-tagged per identity (one Cluster slot), expiring; the staff list is its own key', async () => {
    const store = makeStore(POLICY);
    const id = newIdentity();
    await store.admit(id, { nowMs: T0, count: true });
    const tag = `wegov:{abuse-${id}}`;
    const minute = Math.floor(T0 / 60_000);
    const burst = Math.floor(T0 / 10_000);
    expect(await raw.hgetall(`${tag}:minute:${minute}`)).toEqual({ c: '1' });
    expect(await raw.get(`${tag}:burst:${burst}`)).toBe('1');
    expect(await raw.pttl(`${tag}:minute:${minute}`)).toBeGreaterThan(60_000);
    expect(await raw.pttl(`${tag}:minute:${minute}`)).toBeLessThanOrEqual(120_000);
    const e = entry(id, { expiresAt: new Date(T0 + 3_600_000).toISOString() });
    await store.block(e, T0);
    expect(await raw.hget(`${tag}:block`, 'e')).toBe(JSON.stringify(e));
    const ttl = await raw.pttl(`${tag}:block`);
    expect(ttl).toBeGreaterThan(3_500_000);
    expect(ttl).toBeLessThanOrEqual(3_600_000);
    expect(await raw.hget('wegov:abuse:blocks', id)).toBe(JSON.stringify(e));
    // Every key of the identity carries the same hash tag: one Redis Cluster slot, as its scripts need.
    const keys = await raw.keys(`wegov:{abuse-${id}}*`);
    expect(new Set(keys.map((k) => /\{[^}]*\}/.exec(k)?.[0]))).toEqual(new Set([`{abuse-${id}}`]));
    expect(keys).toHaveLength(3);
    await store.unblock(id, T0);
    await store.close();
  });

  test('two stores (two processes) share the counts and the blocks', async () => {
    const one = makeStore(POLICY);
    const two = makeStore(POLICY);
    const id = newIdentity();
    await one.admit(id, { nowMs: T0, count: true });
    await two.admit(id, { nowMs: T0 + 1, count: true });
    await one.admit(id, { nowMs: T0 + 2, count: true });
    expect(await two.admit(id, { nowMs: T0 + 3, count: true })).toEqual({ kind: 'rate_limited', notify: true, untilMs: T0 + 10_000 });
    expect(await one.admit(id, { nowMs: T0 + 4, count: true })).toMatchObject({ kind: 'rate_limited', notify: false });
    const other = newIdentity();
    await one.block(entry(other), T0);
    expect(await two.admit(other, { nowMs: T0 + 5, count: false })).toMatchObject({ kind: 'blocked', notify: true });
    await two.unblock(other, T0 + 6);
    expect(await one.admit(other, { nowMs: T0 + 7, count: false })).toEqual({ kind: 'allowed' });
    await one.close();
    await two.close();
  });

  test('an unreadable entry still blocks (the expiry field decides)', async () => {
    const store = makeStore(POLICY);
    const id = newIdentity();
    await raw.hset(`wegov:{abuse-${id}}:block`, 'x', String(T0 + 60_000), 'e', '{not json');
    expect(await store.admit(id, { nowMs: T0, count: true })).toMatchObject({ kind: 'blocked', notify: true, entry: { identity: id } });
    await raw.del(`wegov:{abuse-${id}}:block`);
    await store.close();
  });
});
