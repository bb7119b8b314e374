/** CaseStore.updatedSince (the data behind /wegov stats) on both stores, and the weekly counting. */
import { randomUUID } from 'node:crypto';
import { weeklyStats } from '../../../adapters/slack/stats';
import type { AgencyCase } from '../../../src/cases/types';
import { startHarness, type Harness } from '../../server/harness';

describe.each(['memory', 'redis'] as const)('weekly figures over cases (%s)', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(async () => {
    await h.close();
  });

  it('lists the cases written since a date, in their latest version', async () => {
    const run = randomUUID().slice(0, 8);
    const now = Date.now();
    const at = (hoursAgo: number): string => new Date(now - hoursAgo * 3_600_000).toISOString();
    const c = (id: string, hoursAgo: number, extra: Partial<AgencyCase> = {}): AgencyCase => ({
      key: `${run}-${id}@sink-${run}`,
      submissionId: `${run}-${id}`,
      sinkKey: `sink-${run}`,
      reference: 'WG-AAAAAA',
      state: 'created',
      updatedAt: at(hoursAgo),
      ...extra,
    });
    const cases = h.wiring.stores.cases;
    await cases.put(c('old', 24 * 9));
    await cases.put(c('new', 2));
    await cases.put(c('moved', 24 * 9));
    await cases.put(c('moved', 1, { status: 'closed' }));
    const mine = (await cases.updatedSince(new Date(now - 7 * 86_400_000))).filter((x) => x.sinkKey === `sink-${run}`);
    expect(mine.map((x) => [x.submissionId, x.status]).sort()).toEqual([
      [`${run}-moved`, 'closed'],
      [`${run}-new`, undefined],
    ]);
  });

  it('counts a report delivered to two sinks once, by its latest record (triage status first)', async () => {
    if (kind === 'redis') return; // other files share the run's Redis: exact totals only in memory
    const code = h.wiring.catalog.categories[0]!.serviceCode;
    const before = await weeklyStats(h.wiring.stores.cases, h.wiring.catalog, 'en', new Date());
    const now = Date.now();
    const base = { reference: 'WG-BBBBBB', serviceCode: code, state: 'created' as const, updatedAt: new Date(now - 60_000).toISOString() };
    await h.wiring.stores.cases.put({ ...base, key: 'x1@a', submissionId: 'x1', sinkKey: 'a' });
    await h.wiring.stores.cases.put({ ...base, key: 'x1@b', submissionId: 'x1', sinkKey: 'b', updatedAt: new Date(now).toISOString(), triage: { status: 'in_progress', history: [] } });
    await h.wiring.stores.cases.put({ ...base, key: 'x2@a', submissionId: 'x2', sinkKey: 'a', state: 'rejected' });
    const stats = await weeklyStats(h.wiring.stores.cases, h.wiring.catalog, 'en', new Date(now + 1000));
    expect(stats.total).toBe(before.total + 2);
    expect(stats.byStatus).toEqual(expect.arrayContaining([['in_progress', 1], ['rejected', 1]]));
  });
});
