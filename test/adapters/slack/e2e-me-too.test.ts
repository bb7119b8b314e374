/**
 * Issue 16's "me too" for agencies on Slack and on Open311, end to end through the real composed
 * app on Redis (Slack's Web API a nock fake answering by method, Open311 the validating fake):
 * - Slack + Open311 agency: a resident's "that's it" (with a note and a photo) is posted in the
 *   original report's card thread ("Another resident reports this too (1 in all)", the note, the
 *   photo link), and the card is updated in place with the count; Open311 is sent nothing; a
 *   second resident makes it "2 in all"; a repeat of the delivery (delivered, or uncertain: the
 *   worker died mid-post) posts nothing twice. Before this, the Slack sink did not take
 *   `report_me_too`, so it went to the submissions file and the channel never saw it.
 * - Open311 alone: the "me too" is kept in the submissions file, delivered once (no dead letter,
 *   no retry), and `/wegov status` says how many residents say it too and that their notes are
 *   not forwarded (GeoReport v2 has no call to add a comment to a request).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { caseKey } from '../../../src/cases/types';
import type { StoredMessage } from '../../../src/state/types';
import { createSession, eventually, fileReport, lastQuestion, referenceIn, say, startHarness, submissionLines, TINY_JPEG, type ChatSession, type Harness } from '../../server/harness';
import { FakeOpen311Server } from '../../sinks/open311/fake-open311-server';
import { writeDemoCatalogCopy } from '../../support/demo-catalog-copy';
import { API_URL, BOT_TOKEN, BOT_USER_ID, SIGNING_SECRET, sendSlack, slashCommand } from './support';
import { fakeSlackWorkspace, type FakeWorkspace } from './fake-workspace';

const CHANNEL = 'CMETOO01';
const SERVANT = 'USERVANT3';

const fakeSlack = (): FakeWorkspace => fakeSlackWorkspace({ channel: CHANNEL, members: [SERVANT, BOT_USER_ID], firstTs: 1_820_000_000 });

/** The demo city with Public Works (an agency id of this run's own) on these sinks. */
function catalogue(sinks: string): string {
  const agency = `pw-${randomUUID().slice(0, 8)}`;
  const demo = fs.readFileSync(path.join(__dirname, '../../../config/demo-city.yaml'), 'utf8').replaceAll('public-works', agency);
  const replaced = demo.replace(new RegExp(`(- id: ${agency}\\n\\s+name: .*\\n\\s+sinks:\\n)\\s+- type: file\\n`), `$1${sinks}`);
  if (replaced === demo) throw new Error('demo-city.yaml changed shape');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wegov-metoo-')), 'city.yaml');
  writeDemoCatalogCopy(file, replaced);
  return file;
}

const participant = (): string => randomBytes(18).toString('base64url');
const texts = (ms: readonly StoredMessage[]): string => ms.map((m) => m.text).join('\n');

/** A pothole at `at` up to the nearby offer; returns the last question. */
async function toOffer(h: Harness, s: ChatSession, at: { lat: number; lon: number }): Promise<StoredMessage> {
  let q = lastQuestion(await say(h.app, s, { choice: 'report' }));
  for (let guard = 0; guard < 12; guard++) {
    const ids = q.choices?.map((c) => c.id) ?? [];
    if (ids.includes('_new')) return q;
    const next = ['streets', 'pothole', 'small'].find((id) => ids.includes(id)) ?? (ids.includes('no') ? 'no' : undefined);
    if (next) q = lastQuestion(await say(h.app, s, { choice: next }));
    else if (q.expects === 'location') q = lastQuestion(await say(h.app, s, { location: at }));
    else throw new Error(`no nearby offer: ${JSON.stringify(q)}`);
  }
  throw new Error('no offer');
}

/** "That's it" on `reference`, with a photo or not, and a note. */
async function meToo(h: Harness, at: { lat: number; lon: number }, reference: string, note: string, photo?: Buffer): Promise<string> {
  const s = await createSession(h.app, { locale: 'en', participant: participant() });
  await toOffer(h, s, at);
  await say(h.app, s, { choice: reference });
  await say(h.app, s, photo ? { photo: { contentType: 'image/jpeg', data: photo.toString('base64') } } : { choice: '_skip' });
  return texts(await say(h.app, s, { text: note }));
}

const slackEnv = { WEGOV_STATUS_POLL_SECONDS: '0', SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_USER_ID: BOT_USER_ID, SLACK_API_URL: API_URL };

interface World {
  h: Harness;
  agency: FakeOpen311Server;
  slack: FakeWorkspace;
}

/** For one describe: the app on Redis with the nearby offer, the agency's Open311 (the validating fake) and Slack, on `sinks`. */
function world(sinks: (open311Endpoint: string) => string): World {
  const w = {} as World;
  beforeAll(async () => {
    w.slack = fakeSlack();
    w.agency = await new FakeOpen311Server().start();
    w.h = await startHarness('redis', {
      nearby: true,
      env: { ...slackEnv, WEGOV_CONFIG: catalogue(sinks(w.agency.endpoint)) },
      overrides: { slack: { retryConfig: { retries: 0 } } },
    });
  });
  afterAll(async () => {
    await w.h?.close();
    await w.agency?.stop();
    w.slack?.stop();
  });
  afterEach(() => expect(w.agency.violations).toEqual([]));
  return w;
}

describe('"me too" for a Slack-triaged agency (redis)', () => {
  const HERE = { lat: 30.3311, lon: -97.7011 };
  const w = world((endpoint) => `      - type: slack\n        channel: ${CHANNEL}\n      - type: open311\n        endpoint: ${endpoint}\n`);

  it('posts the note and photo in the card thread, counts on the card in place; Open311 gets nothing; a repeat posts nothing twice', async () => {
    const { h, agency, slack } = w;
    const reporter = await createSession(h.app, { locale: 'en' });
    const reference = referenceIn(await fileReport(h.app, reporter, { ...HERE, description: 'Pothole by the school gate', contact: null }));
    const card = await eventually(() => slack.calls.find((c) => c.method === 'chat.postMessage' && c.body.thread_ts === undefined && JSON.stringify(c.body.blocks).includes(reference)));
    const cardKey = JSON.stringify(card.body.blocks).match(/"value":"([^"]+@[^"]+)"/)![1]!;
    const cardTs = await eventually(async () => (await h.wiring.stores.cases.get(cardKey))?.slack?.ts);
    await eventually(() => agency.posts.find((p) => p.get('description')?.includes(reference)));
    const postsBefore = agency.posts.length;

    // A second resident: "that's it", with a photo and a note.
    expect(await meToo(h, HERE, reference, 'It <b>swallowed</b> my bike wheel', TINY_JPEG)).toContain(`Your voice was added to report ${reference}`);
    const reply = await eventually(() => slack.calls.find((c) => c.method === 'chat.postMessage' && c.body.thread_ts === cardTs));
    expect(reply.body.channel).toBe(CHANNEL);
    expect(reply.body.text).toBe('Another resident reports this too (1 in all).\n>It &lt;b&gt;swallowed&lt;/b&gt; my bike wheel');
    const photo = JSON.stringify(reply.body.blocks).match(/<(https?:\/\/[^|]+\/media\/[^|]+)\|Photo attached to the report>/);
    expect(photo).not.toBeNull();
    // The card, updated in place: the count under its status.
    const update = await eventually(() => slack.calls.find((c) => c.method === 'chat.update' && c.body.ts === cardTs));
    expect(JSON.stringify(update.body.blocks)).toContain('*Status:* New\\n*Residents reporting this too:* 1');
    expect(JSON.stringify(update.body.blocks)).toContain(`${reference} · `); // the report part kept
    expect(await h.wiring.stores.cases.get(cardKey)).toMatchObject({ triage: { status: 'open', meToo: 1 } });

    // A third resident, no photo: "2 in all", the card says 2.
    await meToo(h, HERE, reference, 'Still there this morning');
    const second = await eventually(() => slack.calls.filter((c) => c.method === 'chat.postMessage' && c.body.thread_ts === cardTs)[1]);
    expect(second.body.text).toBe('Another resident reports this too (2 in all).\n>Still there this morning');
    expect(JSON.stringify(second.body.blocks)).not.toContain('/media/');
    await eventually(() => slack.calls.filter((c) => c.method === 'chat.update' && c.body.ts === cardTs && JSON.stringify(c.body.blocks).includes('this too:* 2'))[0]);

    // The agency's Open311 endpoint heard nothing (it cannot take a comment); nothing went to the file either.
    expect(agency.posts).toHaveLength(postsBefore);
    expect(submissionLines(h.submissionsFile).filter((l) => l.payload.reference === reference && typeof l.payload.note === 'string')).toEqual([]);
    const sinkKey = cardKey.slice(cardKey.indexOf('@') + 1);

    // The same delivery again (a repeat of a delivered job, or one whose post was uncertain): nothing posted twice.
    const meTooId = (second.body.metadata as { event_payload: { me_too_id: string } }).event_payload.me_too_id;
    const sink = h.wiring.outbox.router.sink(sinkKey)!;
    const submission = { id: meTooId, kind: 'report_me_too', conversationId: 'c', createdAt: new Date().toISOString(), payload: { id: meTooId, reference, agencyId: 'x', categoryId: 'pothole', locale: 'en', addedAt: new Date().toISOString(), note: 'Still there this morning', media: [] } };
    const postsInThread = (): number => slack.calls.filter((c) => c.method === 'chat.postMessage' && c.body.thread_ts === cardTs).length;
    await sink.deliver(submission, h.wiring.stores.media, { sinkKey, attempt: 2 });
    expect(postsInThread()).toBe(2);
    const key = caseKey(meTooId, sinkKey);
    const delivered = (await h.wiring.stores.cases.get(key))!;
    await h.wiring.stores.cases.put({ ...delivered, state: 'sending', attemptStartedAt: delivered.updatedAt });
    await sink.deliver(submission, h.wiring.stores.media, { sinkKey, attempt: 3 });
    expect(postsInThread()).toBe(2);
    expect(slack.calls.some((c) => c.method === 'conversations.replies' && c.body.ts === cardTs)).toBe(true);
    expect(await h.wiring.stores.cases.get(key)).toMatchObject({ state: 'created' });
    // A me-too is not a case of its own (not polled, not listed).
    expect((await h.wiring.stores.cases.tracked(sinkKey)).map((c) => c.reference)).toEqual([reference]);
  });
});

describe('"me too" for an agency on Open311 alone (redis)', () => {
  const HERE = { lat: 30.3322, lon: -97.7022 };
  const w = world((endpoint) => `      - type: open311\n        endpoint: ${endpoint}\n`);

  it('keeps it in the submissions file, delivered once (no dead letter), and /wegov status says it is not forwarded', async () => {
    const { h, agency, slack } = w;
    const reporter = await createSession(h.app, { locale: 'en' });
    const reference = referenceIn(await fileReport(h.app, reporter, { ...HERE, description: 'Pothole at the corner', contact: null }));
    await eventually(() => agency.posts.find((p) => p.get('description')?.includes(reference)));
    const postsBefore = agency.posts.length;

    await meToo(h, HERE, reference, 'Deeper every day');
    const line = await eventually(() => submissionLines(h.submissionsFile).find((l) => l.payload.reference === reference && l.payload.note === 'Deeper every day'));
    expect(line.payload).toMatchObject({ categoryId: 'pothole', media: [] });
    expect(agency.posts).toHaveLength(postsBefore);
    expect(await h.wiring.outbox.queue.deadLetters()).toEqual([]);

    const before = slack.responses.length;
    await sendSlack(h.app, slashCommand(SERVANT, `status ${reference}`, '/wegov', CHANNEL)).expect(200);
    const answer = String((await eventually(() => slack.responses[before])).text);
    expect(answer).toContain('Residents who say it too: 1.');
    expect(answer).toContain('not forwarded to the agency (its Open311 system has no way to add a comment to a request)');
  });
});
