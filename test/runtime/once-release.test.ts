/**
 * A "once" claim is only kept when its commit happens (src/runtime/once-claims.ts): a submit
 * that loses a compare-and-set race is retried, and the response that is committed does not
 * claim to replace the attempt that never was; a submit that gives up (busy) leaves no claim.
 */
import { claimValue, participantId } from '../../src/runtime/once-claims';
import { MAX_COMMIT_ATTEMPTS } from '../../src/runtime/turn';
import { createStores, type Stores } from '../../src/state';
import { createSession, eventually, post, say, startHarness, submissionLines, type Harness } from '../server/harness';
import { FaultyStore } from './faulty-store';

const SECRET = 'once-release-test-secret-0123456789ab';
const SCOPE = 'consultation:riverside-avenue-bike-lane';
const ANSWERS: object[] = [{ choice: 'avenue' }, { text: '4' }, { choice: 'yes' }, { choice: 'parking' }, { choice: '_done' }, { text: 'x' }, { text: '2, 1, 3, 4' }, { choice: '_skip' }];

describe('once claims and failed commits', () => {
  let h: Harness;
  let store: FaultyStore;
  let stores: Stores;
  beforeAll(async () => {
    const real = createStores();
    store = new FaultyStore(real.sessions);
    stores = { ...real, sessions: store };
    h = await startHarness('memory', { env: { WEGOV_MEDIA_URL_SECRET: SECRET }, overrides: { stores, now: () => new Date('2026-12-01T15:00:00Z') } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('a submit retried after a lost race is a new response (no replaces) and holds the claim', async () => {
    const participant = 'retried-person-0123456789';
    const s = await createSession(h.app, { locale: 'en', start: 'consultation:riverside-avenue-bike-lane', participant });
    for (const body of ANSWERS) await say(h.app, s, body);
    store.conflicts = 2;
    await say(h.app, s, { choice: '_submit' });
    const line = await eventually(() => submissionLines(h.submissionsFile).find((l) => (l as { kind?: string }).kind === 'consultation_response'));
    expect(line.payload).not.toHaveProperty('replaces');
    const who = participantId(SECRET, SCOPE, `wc-participant:${participant}`);
    expect(line.payload.participant).toBe(who);
    await expect(stores.participation.current(SCOPE, who)).resolves.toBe(claimValue(String(line.payload.id), String(line.payload.submittedAt)));
  });

  it('a submit that gives up after repeated conflicts leaves no claim behind', async () => {
    const participant = 'busy-person-0123456789ab';
    const s = await createSession(h.app, { locale: 'en', start: 'consultation:riverside-avenue-bike-lane', participant });
    for (const body of ANSWERS) await say(h.app, s, body);
    store.conflicts = MAX_COMMIT_ATTEMPTS;
    const res = await post(h.app, s, { choice: '_submit' });
    expect(res.status).toBe(503);
    await expect(stores.participation.current(SCOPE, participantId(SECRET, SCOPE, `wc-participant:${participant}`))).resolves.toBeNull();
  });
});
