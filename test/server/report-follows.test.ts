/**
 * Following a report (issue 16), through the real app on Redis:
 * - a reporter who also typed "follow WG-…" for their own report hears each status update once
 *   (as the reporter), while another follower hears it as a follower;
 * - "delete my data" ends the conversation's follows (the reports' followers SETs no longer hold
 *   it, found through the conversation's own set, no SCAN), and a later update does not reach it.
 */
import request from 'supertest';
import { sign } from '../../src/sinks/webhook/signature';
import { createSession, eventually, fileReport, history, RIVERSIDE_PIN, referenceIn, say, startHarness, type Harness } from './harness';

const SECRET = 'agency-push-secret-0123456789';
function push(h: Harness, body: object): request.Test {
  const raw = JSON.stringify(body);
  const ts = Math.floor(Date.now() / 1000);
  return request(h.app).post('/agency/status').set('Content-Type', 'application/json').set('X-WeGov-Timestamp', String(ts)).set('X-WeGov-Signature', sign(SECRET, ts, raw)).send(raw);
}
const texts = (ms: readonly { text: string }[]): string => ms.map((m) => m.text).join('\n');
const count = (haystack: string, needle: string): number => haystack.split(needle).length - 1;

describe('following a report (redis)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('redis', { env: { WEGOV_AGENCY_PUSH_SECRET: SECRET } });
  });
  afterAll(async () => h?.close());

  it('a reporter who follows their own report hears each update once; another follower hears it too', async () => {
    const reporter = await createSession(h.app, { locale: 'en' });
    const reference = referenceIn(await fileReport(h.app, reporter, { ...RIVERSIDE_PIN, description: 'Sinking drain cover', contact: null }));
    expect(texts(await say(h.app, reporter, { text: `follow ${reference}` }))).toContain(`You are following ${reference}`);
    const neighbour = await createSession(h.app, { locale: 'en' });
    expect(texts(await say(h.app, neighbour, { text: `follow ${reference}` }))).toContain(`You are following ${reference}`);
    expect((await h.wiring.stores.reports.followers(reference)).sort()).toEqual([neighbour.sessionId, reporter.sessionId].sort());

    // Only what comes after the update counts (the report's nearby offer may list other reports "in progress").
    const before = (await history(h.app, reporter)).length;
    expect((await push(h, { reference, status: 'in_progress' })).body).toEqual({ result: 'delivered' });
    const toNeighbour = await eventually(async () => {
      const t = texts(await history(h.app, neighbour));
      return t.includes("it is now in progress") ? t : undefined;
    });
    expect(count(toNeighbour, reference)).toBeGreaterThan(0);
    const toReporter = texts((await history(h.app, reporter)).slice(before));
    // Once: the reporter's update, and not the follower's notice besides.
    expect(count(toReporter, 'in progress')).toBe(1);
    expect(toReporter).not.toContain(`Update on report ${reference} that you follow`);
    expect(toNeighbour).toContain(`Update on report ${reference} that you follow (Pothole): it is now in progress.`);
  });

  it('"delete my data" ends the conversation\'s follows; the next update does not reach it', async () => {
    const reporter = await createSession(h.app, { locale: 'en' });
    const reference = referenceIn(await fileReport(h.app, reporter, { ...RIVERSIDE_PIN, description: 'Loose paving slab', contact: null }));
    const other = referenceIn(await fileReport(h.app, reporter, { ...RIVERSIDE_PIN, description: 'Another loose slab', contact: null }));
    const follower = await createSession(h.app, { locale: 'en' });
    const stays = await createSession(h.app, { locale: 'en' });
    await say(h.app, follower, { text: `follow ${reference}` });
    await say(h.app, follower, { text: `follow ${other}` });
    await say(h.app, stays, { text: `follow ${reference}` });
    const reports = h.wiring.stores.reports;
    expect((await reports.followedBy(follower.sessionId)).sort()).toEqual([reference, other].sort());

    await say(h.app, follower, { command: 'forget' });
    expect(texts(await say(h.app, follower, { choice: 'yes' }))).toContain('your data in this chat has been deleted');
    // The erasure request reaches the stores through the outbox.
    await eventually(async () => ((await reports.followedBy(follower.sessionId)).length === 0 && !(await reports.followers(reference)).includes(follower.sessionId) ? true : undefined));
    expect(await reports.followers(other)).toEqual([]);
    expect(await reports.followers(reference)).toEqual([stays.sessionId]);

    await push(h, { reference, status: 'acknowledged' });
    await eventually(async () => (texts(await history(h.app, stays)).includes('acknowledged') ? true : undefined));
    expect(texts(await history(h.app, follower))).not.toContain('acknowledged');
  });
});
