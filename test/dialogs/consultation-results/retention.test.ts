/**
 * Retention of consultation responses (catalogue `consultation_responses_days`, 730 in the demo
 * city): the retention job deletes stored responses past it, the anonymous counters stay.
 */
import { countersOf } from '../../../dialogs/consultation/results/counters';
import { ConsultationResults } from '../../../dialogs/consultation/results/results';
import { MemoryConsultationResultsStore } from '../../../dialogs/consultation/results/store';
import { createLogger } from '../../../src/log';
import { MemoryCaseStore } from '../../../src/cases';
import { RetentionJob } from '../../../src/privacy/retention';
import { catalogWithAllTypes, randomResponse, seeded } from './support';

const DAY = 86_400_000;
const T0 = Date.parse('2026-12-01T12:00:00.000Z');

test('the retention job deletes responses past consultation_responses_days and keeps the results', async () => {
  const { catalog, demo } = catalogWithAllTypes();
  let now = T0;
  const store = new MemoryConsultationResultsStore();
  const results = new ConsultationResults({ store, catalog, now: () => new Date(now) });
  const job = new RetentionJob({
    retention: catalog.retention,
    cases: new MemoryCaseStore(() => now),
    files: () => [],
    modules: [{ name: 'consultationResponses', sweep: () => results.expire(catalog.retention.consultationResponsesDays) }],
    logger: createLogger({ level: 'silent' }),
    now: () => new Date(now),
  });
  const r = randomResponse(demo, catalog, seeded(9), 'p-kept', new Date(T0), 1);
  await store.record(r, countersOf(demo, r));
  const before = await results.summary(demo, 'staff', 'en');

  now = T0 + 729 * DAY;
  expect((await job.sweepOnce()).modules).toEqual({ consultationResponses: 0 });
  now = T0 + 731 * DAY;
  expect((await job.sweepOnce()).modules).toEqual({ consultationResponses: 1 });
  await expect(store.size(demo.id)).resolves.toBe(0);
  await expect(results.summary(demo, 'staff', 'en')).resolves.toEqual(before);
});
