/**
 * "My data" shows what the agency's systems last said about each report, every sink's record
 * found through the case store's index by reference (memory and Redis case stores).
 * Staff identities, tokens and Slack coordinates in a case record never reach the person.
 */
import { randomUUID } from 'node:crypto';
import type { AgencyCase } from '../../src/cases';
import type { ResultRef } from '../../src/engine/result-ref';
import { caseLookup } from '../../src/privacy/data-export-cases';
import type { Stores } from '../../src/state';
import { caseStoreKinds } from '../cases/stores';

const open: Stores[] = [];
afterAll(async () => {
  for (const s of open) await s.close();
});

describe.each(caseStoreKinds(open))('agency cases for "my data" (%s)', (_kind, make) => {
  it("finds every case of the report, and shows only state, status, notes and the agency's case id", async () => {
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
    // The same report handed to a second sink (an Open311 endpoint besides the triage channel).
    const open311 = `public-works.b-${submissionId.slice(0, 8)}`;
    await cases.put({ key: `${submissionId}@${open311}`, submissionId, sinkKey: open311, reference, state: 'rejected', updatedAt: '2026-11-27T09:30:00.000Z' });
    // Another report's case is not shown.
    await cases.put({ ...triaged, key: `${randomUUID()}@${sink}`, reference: `${reference}X`, serviceRequestId: 'OTHER-1' });
    const lookup = caseLookup({ cases });
    const report: ResultRef = { kind: 'report', reference, categoryId: 'pothole', submittedAt: '2026-11-27T09:00:00.000Z', status: 'open' };
    const found = await lookup(report);
    expect(found).toEqual(
      [
        { key: triaged.key, view: { agencyCaseId: 'PW-88123', state: 'created', status: 'in_progress', notes: 'Crew booked for Tuesday', updatedAt: '2026-11-27T10:00:00.000Z' } },
        { key: `${submissionId}@${open311}`, view: { state: 'rejected', updatedAt: '2026-11-27T09:30:00.000Z' } },
      ]
        .sort((a, b) => a.key.localeCompare(b.key))
        .map((c) => c.view),
    );
    expect(JSON.stringify(found)).not.toMatch(/tok-secret|C0SECRET|U0STAFF01/);
    // A report no agency system keeps a case for (file or webhook agencies): nothing to show.
    expect(await lookup({ ...report, reference: 'WG-NOCASE' })).toEqual([]);
  });
});
