/** The Redis abuse store against the run's Redis: the contract, plus keys, round trips and sharing. */
import type { RedisClient } from '../../src/state/redis-connection';
import { RedisAbuseStore } from '../../src/abuse/redis-abuse-store';
import { createRedisClient } from '../../src/state/redis-connection';
import { testRedisUrl } from '../setup/redis';
import { testRedisCluster } from '../setup/redis-cluster';
import { describeAbuseStoreContract, entry, newIdentity, T0 } from './contract';

function makeStore(url = testRedisUrl()): RedisAbuseStore {
  return new RedisAbuseStore({ client: createRedisClient(url), ownsClient: true });
}

describeAbuseStoreContract('redis', async () => makeStore());
describeAbuseStoreContract('redis cluster', async () => makeStore(await testRedisCluster()));

describe('redis abuse store specifics', () => {
  let raw: RedisClient;
  beforeAll(() => {
    raw = createRedisClient(testRedisUrl());
  });
  afterAll(async () => {
    await raw.quit();
  });

  test('the check before a turn is one round trip (one script call), blocked or not', async () => {
    const store = makeStore();
    const id = newIdentity();
    let before = store.roundTrips;
    await store.admit(id, { nowMs: T0 });
    expect(store.roundTrips - before).toBe(1);
    await store.block(entry(id), T0);
    before = store.roundTrips;
    await store.admit(id, { nowMs: T0 + 1 });
    expect(store.roundTrips - before).toBe(1);
    await store.close();
  });

  test('keys: namespaced, hash-tagged per identity (one Cluster slot), expiring; the staff list is its own key', async () => {
    const store = makeStore();
    const id = newIdentity();
    const tag = `wegov:{abuse-${id}}`;
    // Asking writes nothing: the message limit is counted with the conversation, not here.
    await store.admit(id, { nowMs: T0 });
    expect(await raw.keys(`wegov:{abuse-${id}}*`)).toEqual([]);
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
    expect(keys).toEqual([`${tag}:block`]);
    await store.unblock(id, T0);
    await store.close();
  });

  test('two stores (two processes) share the blocks and their daily notice', async () => {
    const one = makeStore();
    const two = makeStore();
    const other = newIdentity();
    await one.block(entry(other), T0);
    expect(await two.admit(other, { nowMs: T0 + 5 })).toMatchObject({ kind: 'blocked', notify: true });
    expect(await one.admit(other, { nowMs: T0 + 6 })).toMatchObject({ kind: 'blocked', notify: false });
    await two.unblock(other, T0 + 6);
    expect(await one.admit(other, { nowMs: T0 + 7 })).toEqual({ kind: 'allowed' });
    await one.close();
    await two.close();
  });

  test('an unreadable entry still blocks (the expiry field decides)', async () => {
    const store = makeStore();
    const id = newIdentity();
    await raw.hset(`wegov:{abuse-${id}}:block`, 'x', String(T0 + 60_000), 'e', '{not json');
    expect(await store.admit(id, { nowMs: T0 })).toMatchObject({ kind: 'blocked', notify: true, entry: { identity: id } });
    await raw.del(`wegov:{abuse-${id}}:block`);
    await store.close();
  });
});
