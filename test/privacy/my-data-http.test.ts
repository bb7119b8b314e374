/**
 * "My data" through the real app on Redis: a web chat person files a report with consent to be
 * contacted, types "my data", opens the link the reply carries and gets a JSON file with the
 * report, the consent record (wording version, time, channel) and the transcript. A forged or
 * altered link gets 404, an old one 410; another process on the same Redis with the same secret
 * serves the same link; withdrawing consent shows in the file; nothing personal is logged.
 */
import { Writable } from 'node:stream';
import request from 'supertest';
import { createSession, fileReport, history, lastQuestion, pick, referenceIn, say, startHarness, type ChatSession, type Harness } from '../server/harness';

const SECRET = 'my-data-test-secret-0123456789-abcdef';
const PUBLIC_URL = 'https://wegov.example/city';
const LINK = /https:\/\/wegov\.example\/city(\/my-data\/([A-Za-z0-9_-]{22})\?exp=(\d+)&sig=([A-Za-z0-9_-]{43}))/;

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

interface MyDataFile {
  format: string;
  about: string;
  conversation: { channel: string; language: string };
  results: { kind: string; reference: string; category: string; agency: string; status: string; statusText: string; submittedAt: string; agencyCases: unknown[] }[];
  consents: { purpose: string; wording: { key: string; version: number }; wordingText?: string; locale: string; channel: string; givenAt: string; answer: string; reference?: string; withdrawnAt?: string }[];
  transcript: { at: string; from: string; text: string }[];
}

function linkIn(text: string): { path: string; exportId: string; exp: string; sig: string } {
  const m = LINK.exec(text);
  if (!m?.[1] || !m[2] || !m[3] || !m[4]) throw new Error(`no my-data link in: ${text}`);
  return { path: m[1], exportId: m[2], exp: m[3], sig: m[4] };
}

describe('my data over the web chat API (redis)', () => {
  let clockMs = Date.parse('2026-11-26T15:00:00.000Z');
  const log = new Capture();
  let h: Harness;
  let other: Harness;
  let person: ChatSession;
  let reference: string;
  let link: ReturnType<typeof linkIn>;
  let reply: string;

  beforeAll(async () => {
    const env = { WEGOV_MEDIA_URL_SECRET: SECRET, WEGOV_PUBLIC_URL: PUBLIC_URL };
    h = await startHarness('redis', { env, logDestination: log, overrides: { now: () => new Date(clockMs) } });
    // Another process on the same Redis with the same secret (its own stores and connections).
    other = await startHarness('redis', { env, overrides: { now: () => new Date(clockMs) } });
    person = await createSession(h.app);
    const messages = await fileReport(h.app, person, {
      lat: 30.271234,
      lon: -97.741234,
      description: 'Wobbling manhole cover outside the bakery',
      contact: { name: 'Imogen Castellanos', email: 'imogen.c@example.org' },
    });
    reference = referenceIn(messages);
    const answer = await say(h.app, person, { text: 'my data' });
    reply = answer.map((m) => m.text).join('\n');
    link = linkIn(reply);
  });

  afterAll(async () => {
    await other?.close();
    await h?.close();
  });

  it('answers "my data" with an expiring link that does not contain the conversation id, and offers to withdraw consent', async () => {
    expect(reply).toMatch(/everything WeGov holds about this conversation/);
    expect(reply).toMatch(new RegExp(`You agreed that Public Works may contact you about report ${reference}`));
    expect(reply).not.toContain(person.sessionId);
    expect(Number(link.exp) * 1000 - clockMs).toBe(3600 * 1000);
    // The transcript keeps the same link the reply carried (a reload shows it again).
    const all = await history(h.app, person);
    expect(all.map((m) => m.text).join('\n')).toContain(link.path);
  });

  it('serves the file: the report, the consent record and the transcript, as a download nobody caches', async () => {
    const res = await request(h.app).get(link.path);
    if (process.env.WEGOV_SHOW_MY_DATA === '1') process.stdout.write(res.text);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="wegov-my-data.json"');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const file = res.body as MyDataFile;
    expect(file.format).toBe('wegov.my-data');
    expect(file.conversation).toMatchObject({ channel: 'webchat', language: 'en' });
    expect(file.results).toEqual([
      expect.objectContaining({ kind: 'report', reference, category: 'Pothole', agency: 'Public Works', status: 'open', statusText: 'open', agencyCases: [] }),
    ]);
    expect(file.consents).toEqual([
      expect.objectContaining({
        purpose: 'contact_and_share',
        wording: { key: 'report.contact.consent', version: 1 },
        locale: 'en',
        channel: 'webchat',
        answer: 'given',
        reference,
        givenAt: expect.stringMatching(/^2026-11-26T15:00:00/),
      }),
    ]);
    expect(file.consents[0]?.wordingText).toMatch(/^Do you agree that Public Works may contact you/);
    expect(file.consents[0]?.withdrawnAt).toBeUndefined();
    const transcript = file.transcript.map((m) => m.text).join('\n');
    expect(transcript).toContain('Wobbling manhole cover outside the bakery');
    expect(transcript).toContain('imogen.c@example.org');
    expect(transcript).toContain(reference);
    // The file names no conversation id or token: it may be forwarded.
    expect(res.text).not.toContain(person.sessionId);
    expect(res.text).not.toContain(person.token);
  });

  it('opens on another process on the same Redis (same secret)', async () => {
    const res = await request(other.app).get(link.path);
    expect(res.status).toBe(200);
    expect((res.body as MyDataFile).results[0]?.reference).toBe(reference);
  });

  it('answers a forged or altered link with 404 not_found, and an old one with 410 expired', async () => {
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    const forged = [
      `/my-data/${link.exportId}?exp=${link.exp}&sig=${flip(link.sig)}`,
      `/my-data/${link.exportId}?exp=${Number(link.exp) + 3600}&sig=${link.sig}`,
      `/my-data/${flip(link.exportId)}?exp=${link.exp}&sig=${link.sig}`,
      `/my-data/${link.exportId}?exp=${link.exp}`,
      `/my-data/${link.exportId}`,
      `/my-data/not-an-id?exp=1&sig=x`,
    ];
    for (const path of forged) {
      const res = await request(h.app).get(path);
      expect({ path, status: res.status, body: res.body as unknown }).toEqual({ path, status: 404, body: { error: { code: 'not_found', message: expect.any(String) } } });
      expect(res.text).not.toContain(reference);
    }
    const saved = clockMs;
    clockMs += 3601 * 1000;
    try {
      const res = await request(h.app).get(link.path);
      expect(res.status).toBe(410);
      expect(res.body).toEqual({ error: { code: 'expired', message: expect.stringMatching(/my data/) } });
    } finally {
      clockMs = saved;
    }
  });

  it('records a withdrawal: the agency is to be told, the file shows when, and the next report asks again', async () => {
    const question = lastQuestion(await history(h.app, person));
    const answer = await say(h.app, person, { choice: pick(question, 'withdraw') });
    const text = answer.map((m) => m.text).join('\n');
    expect(text).toMatch(/you have withdrawn your consent to be contacted/);
    expect(text).toMatch(new RegExp(`Public Works already has your name and contact details, sent with ${reference}`));
    const file = (await request(h.app).get(link.path)).body as MyDataFile;
    expect(file.consents).toEqual([expect.objectContaining({ answer: 'given', reference, withdrawnAt: expect.any(String) })]);
    // "my data" again: a new link, and nothing left to withdraw.
    const again = (await say(h.app, person, { command: 'my_data' })).map((m) => m.text).join('\n');
    expect(linkIn(again).exportId).not.toBe(link.exportId);
    expect(again).not.toMatch(/withdraw/i);
    // The next report asks for consent again: its answer is a new record beside the withdrawn one.
    const next = await fileReport(h.app, person, { lat: 30.27, lon: -97.74, description: 'Second hole near the school gate', contact: { name: 'Imogen Castellanos', email: 'imogen.c@example.org' } });
    const second = referenceIn(next);
    const after = (await request(h.app).get(linkIn(again).path)).body as MyDataFile;
    expect(after.consents).toEqual([
      expect.objectContaining({ reference, withdrawnAt: expect.any(String) }),
      expect.objectContaining({ answer: 'given', reference: second }),
    ]);
    expect(after.consents[1]?.withdrawnAt).toBeUndefined();
  });

  it('lists the reports the conversation follows, in the reply and in the file (newest first); none after "unfollow"', async () => {
    const follower = await createSession(h.app);
    expect((await say(h.app, follower, { text: 'my data' })).map((m) => m.text).join('\n')).not.toContain('Reports you follow');
    await say(h.app, follower, { text: `follow ${reference}` });
    const answer = (await say(h.app, follower, { text: 'my data' })).map((m) => m.text).join('\n');
    expect(answer).toContain(`Reports you follow (their status updates come to this chat):\n${reference} (Pothole): open`);
    expect(answer).toContain(`for example "unfollow ${reference}"`);
    const file = (await request(h.app).get(linkIn(answer).path).expect(200)).body as MyDataFile & { following: unknown[] };
    expect(file.following).toEqual([{ reference, categoryId: 'pothole', category: 'Pothole', status: 'open', statusText: 'open' }]);
    // The reporter's own conversation follows nothing (its report is in `results`).
    expect(((await request(h.app).get(link.path).expect(200)).body as { following: unknown[] }).following).toEqual([]);
    await say(h.app, follower, { text: `unfollow ${reference}` });
    const after = (await say(h.app, follower, { text: 'my data' })).map((m) => m.text).join('\n');
    expect(after).not.toContain('Reports you follow');
    expect(((await request(h.app).get(linkIn(after).path).expect(200)).body as { following: unknown[] }).following).toEqual([]);
  });

  it('logs no contact details, conversation id or link', () => {
    for (const secret of ['Imogen', 'Castellanos', 'imogen.c@example.org', 'Wobbling manhole', person.sessionId, person.token, link.exportId, link.sig]) {
      expect({ secret, found: log.text.includes(secret) }).toEqual({ secret, found: false });
    }
    expect(log.text).toContain('/my-data/:id');
  });
});
