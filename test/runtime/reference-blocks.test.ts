/**
 * Report references from blocks (src/runtime/reference-blocks.ts): the code is a keyed
 * permutation of the reference number (never two numbers to one code), every reference is
 * claimed before use, two processes on one real Redis and a restart never issue one twice, a
 * reference drawn at random before is skipped, and the turn pays no round trip for its reference.
 */
import path from 'node:path';
import { REFERENCE_ALPHABET } from '../../src/engine/ids';
import { ReferenceBlocks, REFERENCE_BLOCK, REFERENCE_LOW_WATER, REFERENCE_SPACE, referenceCode } from '../../src/runtime/reference-blocks';
import { createStores, type Stores } from '../../src/state';
import { referenceNumbersKey } from '../../src/state/redis-keys';
import { createSession, fileReport, RIVERSIDE_PIN, referenceIn, startHarness } from '../server/harness';
import { startPrivateRedis, stopPrivateRedis, type PrivateRedis } from '../setup/private-redis';
import { spawnTsChild } from '../support/ts-child';

jest.setTimeout(180_000);
const CODE = new RegExp(`^WG-[${REFERENCE_ALPHABET}]{6}$`);

describe('referenceCode', () => {
  it('maps distinct numbers to distinct 6-character codes, keyed by the secret', () => {
    const seen = new Set<string>();
    for (let n = 0; n < 20_000; n++) seen.add(referenceCode(n, 'secret-a'));
    expect(seen.size).toBe(20_000);
    for (const n of [0, 1, 2, REFERENCE_SPACE - 1]) expect(`WG-${referenceCode(n, 'secret-a')}`).toMatch(CODE);
    // Another deployment's secret gives other codes; neighbouring numbers do not look alike.
    expect(referenceCode(1, 'secret-b')).not.toBe(referenceCode(1, 'secret-a'));
    expect(referenceCode(1, 'secret-a').slice(0, 4)).not.toBe(referenceCode(2, 'secret-a').slice(0, 4));
    expect(() => referenceCode(REFERENCE_SPACE, 'secret-a')).toThrow(RangeError);
  });
});

describe('on a real Redis', () => {
  let redis: PrivateRedis;
  const open: Stores[] = [];
  const stores = (): Stores => {
    const s = createStores({ redisUrl: redis.url });
    open.push(s);
    return s;
  };
  beforeAll(async () => {
    // A server of its own: the reference counter is one key for the whole deployment.
    redis = await startPrivateRedis();
  });
  afterAll(async () => {
    for (const s of open) await s.close();
    await stopPrivateRedis(redis);
  });

  it('two processes at once, then a restart, never issue one reference twice; each is claimed', async () => {
    const run = (take: number) => spawnTsChild<{ taken: string[] }>(path.join(__dirname, 'reference-blocks-child.ts'), { REDIS_URL: redis.url, TAKE: String(take), SECRET: 's3cret' });
    const first = [run(300), run(300)];
    const got = await Promise.all(first.map((c) => c.waitForMessage(() => true, 120_000)));
    await Promise.all(first.map((c) => c.exited));
    // A restarted process carries on after the numbers the others reserved.
    const again = run(100);
    got.push(await again.waitForMessage(() => true, 120_000));
    await again.exited;
    const all = got.flatMap((m) => m.taken);
    expect(all).toHaveLength(700);
    expect(new Set(all).size).toBe(700);
    for (const r of all) expect(r).toMatch(CODE);
    // Each process reserved whole blocks: 5 + 5 + 2.
    const s = stores();
    expect(Number(await s.redis!.call('test', (c) => c.get(referenceNumbersKey())))).toBe(12 * REFERENCE_BLOCK);
    // Claimed for good: a random draw of one of them is refused.
    expect(await s.sessions.reserveReference(all[0]!, 'someone')).toBe(false);
    expect(await s.sessions.reserveReference(all[699]!, 'someone')).toBe(false);
  });

  it('a reference drawn at random before (already taken) is skipped', async () => {
    const s = stores();
    const next = Number((await s.redis!.call('test', (c) => c.get(referenceNumbersKey()))) ?? '0');
    const taken = `WG-${referenceCode(next + 1, 'skip-secret')}`;
    expect(await s.sessions.reserveReference(taken, 'an-older-conversation')).toBe(true);
    const blocks = new ReferenceBlocks(s.sessions, 'skip-secret', 'WG');
    const issued: string[] = [];
    for (let i = 0; i < REFERENCE_BLOCK - 1; i++) {
      expect(await blocks.ensure()).toBe(true);
      issued.push(blocks.take('WG')!);
    }
    expect(issued).toContain(`WG-${referenceCode(next, 'skip-secret')}`);
    expect(issued).not.toContain(taken);
    expect(await s.sessions.lookupReference(taken)).toBe('an-older-conversation');
    // Another prefix is not served from the blocks (the engine draws one).
    expect(blocks.take('XX')).toBeUndefined();
  });

  it('a turn that finds the low-water mark reserves the next block in the background, before none is at hand', async () => {
    const s = stores();
    const blocks = new ReferenceBlocks(s.sessions, 'ahead-secret', 'WG');
    expect(await blocks.ensure()).toBe(true);
    const issued = new Set<string>();
    for (let i = 0; i < REFERENCE_BLOCK - REFERENCE_LOW_WATER - 1; i++) issued.add(blocks.take('WG')!);
    // Above the mark: nothing reserved.
    expect(await blocks.ensure()).toBe(true);
    await blocks.settled();
    expect(blocks.available).toBe(REFERENCE_LOW_WATER + 1);
    issued.add(blocks.take('WG')!);
    // At the mark: the turn goes on at once with one at hand; the next block arrives meanwhile.
    expect(await blocks.ensure()).toBe(true);
    expect(blocks.available).toBe(REFERENCE_LOW_WATER);
    await blocks.settled();
    expect(blocks.available).toBe(REFERENCE_LOW_WATER + REFERENCE_BLOCK);
    while (blocks.available > 0) issued.add(blocks.take('WG')!);
    expect(issued.size).toBe(2 * REFERENCE_BLOCK);
    for (const r of issued) expect(r).toMatch(CODE);
  });
});

describe('a report through the web chat API (redis)', () => {
  it('claims no reference of its own; the relay names its conversation; "delete my data" unlinks it for good', async () => {
    const h = await startHarness('redis');
    try {
      const s = await createSession(h.app, { locale: 'en' });
      const calls: string[] = [];
      const store = h.wiring.runtime.store;
      const reserve = store.reserveReference.bind(store);
      store.reserveReference = async (...args) => {
        calls.push(args[0]);
        return reserve(...args);
      };
      const reference = referenceIn(await fileReport(h.app, s, { ...RIVERSIDE_PIN, description: 'Pothole by the school', contact: null }));
      expect(reference).toMatch(CODE);
      expect(calls).toEqual([]);
      await h.wiring.relay.settled();
      expect(await store.lookupReference(reference)).toBe(s.sessionId);
      await store.forgetReference(reference);
      expect(await store.lookupReference(reference)).toBeNull();
      // The relay handing the report over again (a crash before its acknowledgement) does not link it again.
      await store.ownReference!(reference, s.sessionId, 3600);
      expect(await store.lookupReference(reference)).toBeNull();
    } finally {
      await h.close();
    }
  });
});
