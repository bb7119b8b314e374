/**
 * Nearby reports, "me too" (issue 16), through the real app on Redis: a report at a pin; a second
 * person's pothole at the same place is offered it and says "that's it" (with a note): counted
 * once, followed, the note reaches the agency's sink through the outbox as `report_me_too`, and
 * no new report is made. The same person from a second conversation (another device) is not
 * counted again. "Delete my data" removes their link (the count stays: the same person counts as
 * someone new afterwards). A closed report is no longer offered.
 */
import { randomBytes } from 'node:crypto';
import { reportMeTooKey } from '../../src/state/redis-keys';
import type { StoredMessage } from '../../src/state/types';
import { createSession, eventually, fileReport, lastQuestion, referenceIn, say, startHarness, submissionLines, type ChatSession, type Harness } from './harness';

/** A place no other test reports at (the test Redis is shared by the run). */
const HERE = { lat: 30.315, lon: -97.76 };
const participant = (): string => randomBytes(18).toString('base64url');
const texts = (ms: readonly StoredMessage[]): string => ms.map((m) => m.text).join('\n');

/** A pothole at HERE up to the nearby offer (or the photo question when there is none); returns the last question. */
async function toOffer(h: Harness, s: ChatSession): Promise<StoredMessage> {
  let q = lastQuestion(await say(h.app, s, { choice: 'report' }));
  for (let guard = 0; guard < 12; guard++) {
    const ids = q.choices?.map((c) => c.id) ?? [];
    if (ids.includes('_new') || q.expects === 'photo') return q;
    const next = ['streets', 'pothole', 'small'].find((id) => ids.includes(id)) ?? (ids.includes('no') ? 'no' : undefined);
    if (next) q = lastQuestion(await say(h.app, s, { choice: next }));
    else if (q.expects === 'location') q = lastQuestion(await say(h.app, s, { location: HERE }));
    else throw new Error(`don't know how to answer: ${JSON.stringify(q)}`);
  }
  throw new Error('no offer');
}

describe('nearby reports, "me too" (redis)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('redis', { nearby: true });
  });
  afterAll(async () => h.close());

  it('offers the open report nearby; "that\'s it" counts once per person, follows it, forwards the note; erasure unlinks the person; closed, it is not offered', async () => {
    const reporter = await createSession(h.app, { locale: 'en' });
    const reference = referenceIn(await fileReport(h.app, reporter, { ...HERE, description: 'Deep pothole by the bus stop', contact: null }));
    const records = h.wiring.stores.reports;

    // Someone else, at the same place: offered it, says that's it, skips the photo, adds a note.
    const me = participant();
    const first = await createSession(h.app, { locale: 'en', participant: me });
    const offer = await toOffer(h, first);
    expect(offer.text).toContain('Is it this one?');
    expect(offer.text).toContain('Pothole');
    expect(offer.text).toMatch(/about \d+ m away, reported today, open\. Map: https:\/\/www\.openstreetmap\.org\/\?mlat=30\.315&mlon=-97\.76#map=18\/30\.315\/-97\.76/);
    expect(offer.text).not.toContain('bus stop');
    await say(h.app, first, { choice: reference });
    await say(h.app, first, { choice: '_skip' });
    const done = texts(await say(h.app, first, { text: 'Two cars damaged a tyre here this week.' }));
    expect(done).toContain(`Your voice was added to report ${reference}`);
    expect(done).toContain(`You are following ${reference}`);
    expect((await records.get(reference))?.meToo).toBe(1);
    expect(await records.followers(reference)).toHaveLength(1);
    // The note reaches the agency's sink through the outbox; no second report.
    const line = await eventually(() => submissionLines(h.submissionsFile).find((l) => l.payload.note === 'Two cars damaged a tyre here this week.'));
    expect(line.payload).toMatchObject({ reference, categoryId: 'pothole', media: [] });
    expect(submissionLines(h.submissionsFile).filter((l) => typeof l.payload.description === 'string')).toHaveLength(1);

    // The same person on another device: not counted again.
    const second = await createSession(h.app, { locale: 'en', participant: me });
    await toOffer(h, second);
    await say(h.app, second, { choice: reference });
    await say(h.app, second, { choice: '_skip' });
    expect(texts(await say(h.app, second, { choice: '_skip' }))).toContain(`You had already added your voice to report ${reference}`);
    expect((await records.get(reference))?.meToo).toBe(1);

    // "Delete my data": the person's link goes, the count stays; afterwards they count as someone new.
    await say(h.app, second, { command: 'forget' });
    await say(h.app, second, { choice: 'yes' });
    // The erasure is delivered by the outbox: the person's pseudonym leaves the report's set.
    const redis = h.wiring.stores.redis!.client;
    await eventually(async () => ((await redis.scard(reportMeTooKey(reference))) === 0 ? true : undefined));
    expect((await records.get(reference))?.meToo).toBe(1);
    const third = await createSession(h.app, { locale: 'en', participant: me });
    await toOffer(h, third);
    await say(h.app, third, { choice: reference });
    await say(h.app, third, { choice: '_skip' });
    expect(texts(await say(h.app, third, { choice: '_skip' }))).toContain(`Your voice was added to report ${reference}`);
    expect((await records.get(reference))?.meToo).toBe(2);

    // Closed by the agency: no longer offered; the report goes on to the photo.
    await records.setStatus(reference, 'closed', undefined, new Date().toISOString());
    const later = await createSession(h.app, { locale: 'en' });
    expect((await toOffer(h, later)).expects).toBe('photo');
  });
});
