/** One contract for the case stores: memory (embedded) and Redis (a real server, and a Redis Cluster). */
import { randomUUID } from 'node:crypto';
import type { AgencyCase, CaseStore } from '../../src/cases';
import type { Stores } from '../../src/state';
import { caseStoreKinds } from './stores';

const open: Stores[] = [];
afterAll(async () => {
  for (const s of open) await s.close();
});

const kinds = caseStoreKinds(open, { cluster: true });

function aCase(sinkKey: string, over: Partial<AgencyCase> = {}): AgencyCase {
  const submissionId = `sub-${randomUUID().slice(0, 8)}`;
  return { key: `${submissionId}@${sinkKey}`, submissionId, sinkKey, reference: 'WG-7K3QX9', state: 'sending', attemptStartedAt: '2026-11-27T10:00:00.000Z', updatedAt: '2026-11-27T10:00:00.000Z', ...over };
}

describe.each(kinds)('%s case store', (_kind, make) => {
  let store: CaseStore;
  let sink: string;
  beforeEach(() => {
    store = make();
    sink = `agency-${randomUUID().slice(0, 8)}.0`;
  });

  it('keeps a case and gives back an equal copy; an unknown key is null', async () => {
    const c = aCase(sink, { agencyErrors: [{ code: '400', description: 'service_code not found' }] });
    await store.put(c);
    expect(await store.get(c.key)).toEqual(c);
    expect(await store.get(`nope@${sink}`)).toBeNull();
  });

  it('tracks created cases per sink (not sending or rejected ones) until untracked; the record stays', async () => {
    const sending = aCase(sink);
    const rejected = aCase(sink, { state: 'rejected' });
    const created = aCase(sink, { state: 'created', serviceRequestId: '1001', status: 'open' });
    const otherSink = aCase(`${sink}x`, { state: 'created', serviceRequestId: '7' });
    for (const c of [sending, rejected, created, otherSink]) await store.put(c);
    expect((await store.tracked(sink)).map((c) => c.serviceRequestId)).toEqual(['1001']);
    // An update of a tracked case is what tracked() returns next.
    await store.put({ ...created, status: 'closed', statusNotes: 'Repaired' });
    expect((await store.tracked(sink))[0]).toMatchObject({ status: 'closed', statusNotes: 'Repaired' });
    await store.untrack(sink, created.key);
    expect(await store.tracked(sink)).toEqual([]);
    expect(await store.get(created.key)).toMatchObject({ state: 'created', status: 'closed' });
  });

  it('lists the cases written since a date, the recent weeks only', async () => {
    const now = Date.now();
    const recent = aCase(sink, { updatedAt: new Date(now - 2 * 86_400_000).toISOString() });
    const older = aCase(sink, { updatedAt: new Date(now - 10 * 86_400_000).toISOString() });
    await store.put(recent);
    await store.put(older);
    const keys = (await store.updatedSince(new Date(now - 7 * 86_400_000))).map((c) => c.key);
    expect(keys).toContain(recent.key);
    expect(keys).not.toContain(older.key);
  });

  it('a lease goes to one caller until it expires', async () => {
    const name = `poll-${randomUUID()}`;
    expect(await store.lease(name, 150)).toBe(true);
    expect(await store.lease(name, 150)).toBe(false);
    await new Promise((r) => setTimeout(r, 200));
    expect(await store.lease(name, 150)).toBe(true);
    // Released early, it can be taken again at once.
    await store.release(name);
    expect(await store.lease(name, 10_000)).toBe(true);
    expect(await store.lease(name, 10_000)).toBe(false);
  });

  it('keys with braces, percent signs and colons stay apart', async () => {
    const a = aCase('a{b}.0');
    const b = aCase('a%7Bb%7D.0', { submissionId: a.submissionId, key: `${a.submissionId}@a%7Bb%7D.0` });
    await store.put({ ...a, state: 'created', serviceRequestId: 'A' });
    await store.put({ ...b, state: 'created', serviceRequestId: 'B' });
    expect((await store.tracked('a{b}.0')).map((c) => c.serviceRequestId)).toEqual(['A']);
    expect((await store.get(b.key))?.serviceRequestId).toBe('B');
  });

  it('finds every record of a reference (one per sink), and only those', async () => {
    const reference = `WG-${randomUUID().slice(0, 6).toUpperCase()}`;
    const first = aCase(sink, { reference });
    const second = aCase(`${sink}b`, { reference, submissionId: first.submissionId, key: `${first.submissionId}@${sink}b` });
    const other = aCase(sink);
    for (const c of [first, second, other]) await store.put(c);
    expect((await store.byReference(reference)).map((c) => c.key).sort()).toEqual([first.key, second.key].sort());
    expect(await store.byReference('WG-NOSUCH')).toEqual([]);
  });

  it('retention: deletes the cases last written before the cutoff, untracks them, and leaves newer ones', async () => {
    // 1999 dates: the shared test Redis holds other files' cases, all written in 2026.
    const reference = `WG-${randomUUID().slice(0, 6).toUpperCase()}`;
    const old = aCase(sink, { reference, state: 'created', serviceRequestId: 'old', updatedAt: '1999-01-01T00:00:00.000Z' });
    const kept = aCase(sink, { reference, state: 'created', serviceRequestId: 'kept', updatedAt: '1999-06-01T00:00:00.000Z' });
    await store.put(old);
    await store.put(kept);
    expect(await store.deleteUpdatedBefore(new Date('1999-03-01T00:00:00.000Z'))).toBe(1);
    expect(await store.get(old.key)).toBeNull();
    expect(await store.get(kept.key)).toEqual(kept);
    expect((await store.tracked(sink)).map((c) => c.serviceRequestId)).toEqual(['kept']);
    expect((await store.byReference(reference)).map((c) => c.key)).toEqual([kept.key]);
    expect(await store.deleteUpdatedBefore(new Date('1999-03-01T00:00:00.000Z'))).toBe(0);
  });
});
