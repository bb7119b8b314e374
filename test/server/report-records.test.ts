/**
 * Issue 16 through the real app on Redis: a report's record answers "my reports" (same
 * participant, a new conversation) and "status WG-…" (anyone) after the conversation that sent it
 * has expired (its session keys are given a 1 ms TTL and really elapse), with the agency's status;
 * the public status carries neither the description nor a non-public note; Slack's
 * `/wegov status` reads the same record (findReport); a follower hears the next status, until
 * they unfollow.
 */
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { findReport } from '../../src/runtime/report-lookup';
import { sign } from '../../src/sinks/webhook/signature';
import { historyKey, sessionKey } from '../../src/state/redis-keys';
import { createSession, eventually, fileReport, history, RIVERSIDE_PIN, referenceIn, say, startHarness, type Harness } from './harness';

const SECRET = 'agency-push-secret-0123456789';
const participant = (): string => randomBytes(18).toString('base64url');
function push(h: Harness, body: object): request.Test {
  const raw = JSON.stringify(body);
  const ts = Math.floor(Date.now() / 1000);
  return request(h.app).post('/agency/status').set('Content-Type', 'application/json').set('X-WeGov-Timestamp', String(ts)).set('X-WeGov-Signature', sign(SECRET, ts, raw)).send(raw);
}
const texts = (ms: readonly { text: string }[]): string => ms.map((m) => m.text).join('\n');

describe('report records outlive the conversation (redis)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('redis', { env: { WEGOV_AGENCY_PUSH_SECRET: SECRET } });
  });
  afterAll(async () => h.close());

  it('"my reports" and "status WG-…" are answered from the record after the session keys expired', async () => {
    const me = participant();
    const first = await createSession(h.app, { locale: 'en', participant: me });
    const reference = referenceIn(await fileReport(h.app, first, { ...RIVERSIDE_PIN, description: 'Deep pothole by the bakery', contact: null }));

    // The agency moves it on, with a note the agency has not made public.
    expect((await push(h, { reference, status: 'in_progress', notes: 'Crew booked; call Ana on 555-0100.' })).status).toBe(202);

    // The conversation expires: its keys get a 1 ms TTL, and Redis really drops them.
    const redis = h.wiring.stores.redis!.client;
    await redis.pexpire(sessionKey(first.sessionId), 1);
    await redis.pexpire(historyKey(first.sessionId), 1);
    await eventually(async () => ((await redis.exists(sessionKey(first.sessionId), historyKey(first.sessionId))) === 0 ? true : undefined));
    expect(await history(h.app, first)).toEqual([]);

    // The same person, in a new conversation: their report, with the agency's status.
    const again = await createSession(h.app, { locale: 'en', participant: me });
    const mine = texts(await say(h.app, again, { text: 'my reports' }));
    expect(mine).toContain(`${reference} (Pothole): in progress`);

    // Anyone with the reference: the public status (no description, no private note).
    const stranger = await createSession(h.app, { locale: 'es' });
    const status = texts(await say(h.app, stranger, { text: `estado ${reference}` }));
    expect(status).toContain(`Reporte ${reference}: Bache`);
    expect(status).toContain('en curso');
    expect(status).not.toContain('bakery');
    expect(status).not.toContain('Ana');
    // ... whose own reports are none.
    expect(texts(await say(h.app, stranger, { text: 'mis reportes' }))).toContain('Todavía no enviaste ningún reporte.');

    // Slack's /wegov status reads the same record.
    expect(await findReport(h.wiring.runtime, reference)).toMatchObject({ reference, categoryId: 'pothole', status: 'in_progress' });

    // The stranger follows it, and hears its next status in their language (no private note);
    // the reporter's conversation has gone, so the push reports that, yet the record took it.
    expect(texts(await say(h.app, stranger, { text: `seguir ${reference}` }))).toContain(`Sigues ${reference}`);
    const closed = await push(h, { reference, status: 'closed', notes: 'Fixed; Ana says hi.' });
    expect(closed.body).toEqual({ result: 'conversation_gone' });
    const told = texts(await history(h.app, stranger));
    expect(told).toContain(`Novedad del reporte ${reference} que sigues (Bache): ahora está cerrado.`);
    expect(told).not.toContain('Ana');
    expect(await findReport(h.wiring.runtime, reference)).toMatchObject({ status: 'closed' });
    // Unfollowed: the next status is not sent to them.
    expect(texts(await say(h.app, stranger, { text: `dejar de seguir ${reference}` }))).toContain(`Ya no sigues ${reference}.`);
    await push(h, { reference, status: 'open' });
    expect(texts(await history(h.app, stranger))).not.toContain('ahora está abierto');
  });

  it('an unknown reference is unknown', async () => {
    const s = await createSession(h.app, { locale: 'en' });
    expect(texts(await say(h.app, s, { text: 'status WG-2222AA' }))).toContain("I can't find a report with the reference WG-2222AA");
  });
});
