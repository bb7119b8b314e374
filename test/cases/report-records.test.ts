/** One contract for the report record stores: memory, and Redis (a real server). */
import { randomUUID } from 'node:crypto';
import { MemoryReportRecords, type ReportRecord, type ReportRecords } from '../../src/cases';
import { openRecordPages } from '../../src/cases/report-record';
import { createStores, type Stores } from '../../src/state';
import { testRedisUrl } from '../setup/redis';

const open: Stores[] = [];
afterAll(async () => {
  for (const s of open) await s.close();
});

const kinds: [string, () => ReportRecords][] = [
  ['memory', () => new MemoryReportRecords()],
  [
    'redis',
    () => {
      const stores = createStores({ redisUrl: testRedisUrl() });
      open.push(stores);
      return stores.reports;
    },
  ],
];

function aRecord(over: Partial<ReportRecord> = {}): ReportRecord {
  const reference = `WG-${randomUUID().replace(/-/g, '').slice(0, 6).toUpperCase()}`;
  return { reference, agencyId: 'public-works', categoryId: 'pothole', submittedAt: '2026-11-27T10:00:00.000Z', updatedAt: '2026-11-27T10:00:00.000Z', status: 'open', point: { lat: 30.271, lon: -97.741 }, districtId: 'downtown', ...over };
}

describe.each(kinds)('%s report records', (_kind, make) => {
  let store: ReportRecords;
  let owner: string;
  beforeEach(() => {
    store = make();
    owner = `owner-${randomUUID()}`;
  });

  it('keeps a record by reference; lists an owner\'s newest first; an unknown reference is null', async () => {
    const older = aRecord({ owner });
    const newer = aRecord({ owner, submittedAt: '2026-11-28T10:00:00.000Z' });
    await store.put(older);
    await store.put(newer);
    expect(await store.get(older.reference)).toEqual(older);
    expect(await store.get('WG-NOPE22')).toBeNull();
    expect((await store.ofOwner(owner)).map((r) => r.reference)).toEqual([newer.reference, older.reference]);
  });

  it('follows the agency status (and note); closed reports leave the open set', async () => {
    const r = aRecord({ owner });
    await store.put(r);
    expect((await store.open()).map((x) => x.reference)).toContain(r.reference);
    expect(await store.setStatus(r.reference, 'in_progress', 'Crew booked', '2026-11-29T10:00:00.000Z')).toEqual({ ...r, status: 'in_progress', notes: 'Crew booked', updatedAt: '2026-11-29T10:00:00.000Z' });
    await store.setStatus(r.reference, 'closed', undefined, '2026-11-30T10:00:00.000Z');
    expect(await store.get(r.reference)).toMatchObject({ status: 'closed', notes: 'Crew booked' });
    expect((await store.open()).map((x) => x.reference)).not.toContain(r.reference);
    expect(await store.setStatus('WG-NOPE22', 'closed', undefined, '2026-11-30T10:00:00.000Z')).toBeNull();
  });

  it('a repeated put (the outbox relay handing a report over again after a crash) changes nothing', async () => {
    const r = aRecord({ owner });
    await store.put(r);
    await store.setStatus(r.reference, 'closed', 'Fixed', '2026-11-29T10:00:00.000Z');
    await store.forgetOwner(owner, []);
    await store.put(r);
    const { owner: _gone, ...rest } = r;
    expect(await store.get(r.reference)).toEqual({ ...rest, status: 'closed', notes: 'Fixed', updatedAt: '2026-11-29T10:00:00.000Z' });
    expect(await store.ofOwner(owner)).toEqual([]);
    expect((await store.open()).map((x) => x.reference)).not.toContain(r.reference);
  });

  it('"delete my data" removes the owner; the public record stays', async () => {
    const r = aRecord({ owner });
    await store.put(r);
    await store.forgetOwner(owner, []);
    expect(await store.ofOwner(owner)).toEqual([]);
    const { owner: _gone, ...rest } = r;
    expect(await store.get(r.reference)).toEqual(rest);
  });

  it('follows and unfollows known reports only', async () => {
    const r = aRecord();
    await store.put(r);
    expect(await store.follow(r.reference, 'conv-a')).toBe(true);
    expect(await store.follow('WG-NOPE22', 'conv-a')).toBe(false);
    expect(await store.followers(r.reference)).toEqual(['conv-a']);
    expect(await store.unfollow(r.reference, 'conv-a')).toBe(true);
    expect(await store.unfollow(r.reference, 'conv-a')).toBe(false);
  });

  it('knows what a conversation follows; "delete my data" ends all its follows and no one else\'s', async () => {
    const [a, b] = [aRecord(), aRecord()];
    await store.put(a);
    await store.put(b);
    const me = `conv-${randomUUID()}`;
    const other = `conv-${randomUUID()}`;
    await store.follow(a.reference, me);
    await store.follow(b.reference, me);
    await store.follow(b.reference, other);
    await store.follow('WG-NOPE22', me);
    expect((await store.followedBy(me)).sort()).toEqual([a.reference, b.reference].sort());
    await store.unfollow(a.reference, me);
    expect(await store.followedBy(me)).toEqual([b.reference]);
    await store.follow(a.reference, me);
    expect(await store.forgetFollower(me)).toBe(2);
    expect(await store.followers(a.reference)).toEqual([]);
    expect(await store.followers(b.reference)).toEqual([other]);
    expect(await store.followedBy(me)).toEqual([]);
    expect(await store.followedBy(other)).toEqual([b.reference]);
    expect(await store.forgetFollower(me)).toBe(0);
  });

  it('pages through the open records: each once, closed ones never, in pages of about the size asked', async () => {
    // A category no catalogue has, far from the demo city: the run's Redis is shared, and these must not turn up as anyone's nearby reports.
    const mine = Array.from({ length: 300 }, () => aRecord({ categoryId: 'paging-test', point: { lat: -45.5, lon: 170.5 }, districtId: undefined }));
    for (const r of mine) await store.put(r);
    const closed = mine.slice(0, 40);
    for (const r of closed) await store.setStatus(r.reference, 'closed', undefined, '2026-11-30T10:00:00.000Z');
    const seen = new Map<string, number>();
    let pages = 0;
    let largest = 0;
    for await (const page of openRecordPages(store, 100)) {
      pages += 1;
      largest = Math.max(largest, page.length);
      for (const r of page) seen.set(r.reference, (seen.get(r.reference) ?? 0) + 1);
    }
    for (const r of mine.slice(40)) expect(seen.get(r.reference)).toBe(1);
    for (const r of closed) expect(seen.has(r.reference)).toBe(false);
    expect(pages).toBeGreaterThan(1);
    // ZSCAN's COUNT is a hint: a page may run a little over, never near the whole set.
    expect(largest).toBeLessThanOrEqual(200);
  });

  it('merges a duplicate: closed with mergedInto, counted by the survivor, followers moved; a repeat changes nothing', async () => {
    const categoryId = `pothole-${randomUUID().slice(0, 8)}`;
    const dup = aRecord({ owner, categoryId });
    const survivor = aRecord({ categoryId });
    const [a, b] = [`conv-${randomUUID()}`, `conv-${randomUUID()}`];
    await store.put(dup);
    await store.put(survivor);
    await store.follow(dup.reference, a);
    await store.follow(survivor.reference, b);
    const at = '2026-11-29T10:00:00.000Z';
    const first = await store.merge(dup.reference, survivor.reference, at);
    expect(first).toEqual({ kind: 'merged', record: { ...dup, status: 'closed', mergedInto: survivor.reference, mergedAt: at, updatedAt: at }, followers: [a] });
    expect(await store.get(dup.reference)).toEqual(first.kind === 'merged' ? first.record : null);
    expect(await store.get(survivor.reference)).toEqual({ ...survivor, duplicates: [dup.reference] });
    expect((await store.followers(survivor.reference)).sort()).toEqual([a, b].sort());
    expect(await store.followers(dup.reference)).toEqual([]);
    expect(await store.followedBy(a)).toEqual([survivor.reference]);
    expect((await store.open()).map((r) => r.reference)).not.toContain(dup.reference);
    const near = await store.nearby({ categoryId, lat: 30.271, lon: -97.741, radiusM: 250, since: new Date('2026-01-01T00:00:00.000Z'), limit: 100 });
    expect(near.map((r) => r.reference)).toContain(survivor.reference);
    expect(near.map((r) => r.reference)).not.toContain(dup.reference);

    // The same merge again (a retried submission) completes nothing new.
    expect(await store.merge(dup.reference, survivor.reference, '2026-11-30T10:00:00.000Z')).toMatchObject({ kind: 'repeat', record: { mergedAt: at }, followers: [] });
    expect(await store.get(survivor.reference)).toEqual({ ...survivor, duplicates: [dup.reference] });
    // Into another report: refused with the first one named; unknown references: unknown.
    const third = aRecord();
    await store.put(third);
    expect(await store.merge(dup.reference, third.reference, at)).toEqual({ kind: 'merged_elsewhere', into: survivor.reference });
    expect(await store.merge(dup.reference, 'WG-NOPE22', at)).toEqual({ kind: 'unknown' });
    expect(await store.merge('WG-NOPE22', survivor.reference, at)).toEqual({ kind: 'unknown' });
    // A status update no longer changes the duplicate; the survivor's still counts it.
    expect(await store.setStatus(dup.reference, 'open', 'reopened', '2026-12-01T10:00:00.000Z')).toMatchObject({ status: 'closed', mergedInto: survivor.reference });
    expect((await store.open()).map((r) => r.reference)).not.toContain(dup.reference);
    expect(await store.setStatus(survivor.reference, 'in_progress', undefined, '2026-12-01T10:00:00.000Z')).toMatchObject({ status: 'in_progress', duplicates: [dup.reference] });
  });

  it('retention deletes records not written since the cutoff, with their follows and indexes', async () => {
    const old = aRecord({ owner, updatedAt: '2020-01-01T00:00:00.000Z' });
    const kept = aRecord({ owner, updatedAt: '2099-01-01T00:00:00.000Z' });
    await store.put(old);
    await store.put(kept);
    await store.follow(old.reference, 'conv-a');
    expect(await store.deleteUpdatedBefore(new Date('2021-01-01T00:00:00.000Z'))).toBeGreaterThanOrEqual(1);
    expect(await store.get(old.reference)).toBeNull();
    expect(await store.followers(old.reference)).toEqual([]);
    expect(await store.followedBy('conv-a')).not.toContain(old.reference);
    expect((await store.ofOwner(owner)).map((r) => r.reference)).toEqual([kept.reference]);
    expect((await store.open()).map((r) => r.reference)).not.toContain(old.reference);
  });
});
