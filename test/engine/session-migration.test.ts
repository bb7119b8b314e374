/** A session stored before results were generic (schema 1, `reports`) is lifted on read, not restarted. */
import { restoreSession, type Env, type SessionInit } from '../../src/engine';
import { step } from '../../dialogs';
import { testEnv } from '../support/engine-env';

const schema1 = {
  schema: 1,
  id: 'conv-1',
  channel: 'webchat',
  locale: 'es',
  localeChosen: true,
  stack: [],
  reports: [
    { reference: 'WG-AAAAAA', categoryId: 'pothole', submittedAt: '2026-11-01T10:00:00.000Z', status: 'open', submissionId: 'sub-1', mediaIds: ['m1'] },
    { reference: 'WG-BBBBBB', categoryId: 'graffiti', submittedAt: '2026-10-01T10:00:00.000Z', status: 'closed' },
  ],
  channelData: { k: 'v' },
  createdAt: '2026-10-01T10:00:00.000Z',
  updatedAt: '2026-11-01T10:00:00.000Z',
};

describe('session schema 1 -> 2', () => {
  let env: Env;
  let init: SessionInit;
  beforeAll(async () => {
    env = (await testEnv()).env;
    init = { id: 'conv-1', channel: 'webchat', locale: 'en', now: env.now(), channelData: {} };
  });

  it('keeps the reports as results of kind report, with their agency, and nothing is restarted', () => {
    const { session, events } = restoreSession(schema1, init, env);
    expect(events).toEqual([]);
    expect(session).toMatchObject({ schema: 2, locale: 'es', localeChosen: true, channelData: { k: 'v' } });
    expect(session.results).toEqual([
      { kind: 'report', id: 'sub-1', reference: 'WG-AAAAAA', agencyId: 'public-works', categoryId: 'pothole', submittedAt: '2026-11-01T10:00:00.000Z', status: 'open', mediaIds: ['m1'] },
      { kind: 'report', reference: 'WG-BBBBBB', agencyId: 'public-works', categoryId: 'graffiti', submittedAt: '2026-10-01T10:00:00.000Z', status: 'closed' },
    ]);
    expect(session).not.toHaveProperty('reports');
  });

  it('an agency status update for a report from before still reaches the person', () => {
    const { session } = restoreSession(schema1, init, env);
    const { events } = step(session, { kind: 'status_update', reference: 'WG-AAAAAA', status: 'closed', notes: 'Repaired' }, env);
    expect(events).toContainEqual({ type: 'status_update_delivered', reference: 'WG-AAAAAA', status: 'closed' });
  });
});
