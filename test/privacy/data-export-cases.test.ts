/**
 * "My data" shows what the agency's system last said about each report, found from the
 * report's submission id and its agency's case-keeping sinks (memory and Redis case stores).
 * Staff identities, tokens and Slack coordinates in a case record never reach the person.
 */
import { randomUUID } from 'node:crypto';
import type { AgencyCase } from '../../src/cases';
import type { ReportRef } from '../../src/engine/report';
import { caseLookup } from '../../src/privacy/data-export-cases';
import type { Stores } from '../../src/state';
import { caseStoreKinds } from '../cases/stores';
import { demo } from '../support/engine-env';

const open: Stores[] = [];
afterAll(async () => {
  for (const s of open) await s.close();
});

describe.each(caseStoreKinds(open))('agency cases for "my data" (%s)', (_kind, make) => {
  it("finds the report's cases by submission id, and shows only state, status, notes and the agency's case id", async () => {
    const { catalog } = await demo();
    const cases = make();
    const submissionId = randomUUID();
    const reference = `WG-${submissionId.slice(0, 6).toUpperCase()}`;
    const sink = `public-works.o-${submissionId.slice(0, 8)}`;
    const triaged: AgencyCase = {
      key: `${submissionId}@${sink}`,
      submissionId,
      sinkKey: sink,
      reference,
      state: 'created',
      serviceRequestId: 'PW-88123',
      token: 'tok-secret-1',
      status: 'open',
      statusNotes: 'Crew booked for Tuesday',
      slack: { channel: 'C0SECRET', ts: '1700000000.000100' },
      triage: { status: 'in_progress', history: [{ action: 'in_progress', by: 'U0STAFF01', at: '2026-11-27T10:00:00.000Z' }] },
      updatedAt: '2026-11-27T10:00:00.000Z',
    };
    await cases.put(triaged);
    // Another agency's sink with the same submission id is never consulted.
    await cases.put({ ...triaged, key: `${submissionId}@parks.x`, sinkKey: 'parks.x', serviceRequestId: 'PARKS-1' });
    const lookup = caseLookup({ cases, catalog, caseSinkKeys: () => [sink, 'parks.x'] });
    const report: ReportRef & { submissionId: string } = { reference, categoryId: 'pothole', submittedAt: '2026-11-27T09:00:00.000Z', status: 'open', submissionId };
    const found = await lookup(report);
    expect(found).toEqual([{ agencyCaseId: 'PW-88123', state: 'created', status: 'in_progress', notes: 'Crew booked for Tuesday', updatedAt: '2026-11-27T10:00:00.000Z' }]);
    expect(JSON.stringify(found)).not.toMatch(/tok-secret|C0SECRET|U0STAFF01/);

    // A session from before submission ids were kept: the agency's tracked cases, by reference.
    const older: ReportRef = { reference, categoryId: 'pothole', submittedAt: report.submittedAt, status: 'open' };
    expect((await lookup(older)).map((c) => c.agencyCaseId)).toEqual(['PW-88123']);
    // No case-keeping sink for the agency (file or webhook only): nothing to show.
    expect(await caseLookup({ cases, catalog, caseSinkKeys: () => [] })(report)).toEqual([]);
  });
});
