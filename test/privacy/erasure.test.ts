/**
 * "Delete my data", end to end on the real app, on both stores: a resident reports with a photo
 * and contact details to an agency that has an Open311 endpoint, a signed webhook and the
 * submissions file; staff asked a question and the resident answered (kept in the case record,
 * as Slack triage does). After "delete my data" every store WeGov has is checked: the media
 * store, the case records, the reference index, the delivery queue's kept copies, the
 * submissions file and its photo copies; the agency's webhook gets a signed
 * `person.erasure_requested` with the reference only; the resident is told who has what.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { OUTBOX_PREFIX } from '../../src/outbox/bullmq-queue';
import { deliveryJobId, type DeliveryJob } from '../../src/outbox/queue';
import { endpointOptions } from '../../src/state/redis-connection';
import { createSession, eventually, fileReport, history, referenceIn, RIVERSIDE_PIN, say, startHarness, submissionLines, TINY_JPEG, type Harness, type StoreKind } from '../server/harness';
import { FakeOpen311Server } from '../sinks/open311/fake-open311-server';
import { SECRET, startReceiver, type Receiver } from '../sinks/webhook/support';
import { testRedisUrl } from '../setup/redis';
import { writeDemoCatalogCopy } from '../support/demo-catalog-copy';

/** Public Works' privacy_contact in config/demo-city.yaml. */
const PRIVACY_CONTACT = 'privacy@riverside.example';

/** The demo city with Public Works on Open311, a webhook and the file, under an id of its own. */
function catalogueFor(endpoint: string, hook: string): { file: string; agency: string } {
  const agency = `public-works-${randomUUID().slice(0, 8)}`;
  const demo = fs.readFileSync(path.join(__dirname, '../../config/demo-city.yaml'), 'utf8').replaceAll('public-works', agency);
  const replaced = demo.replace(
    new RegExp(`(- id: ${agency}\\n\\s+name: .*\\n)\\s+sinks:\\n\\s+- type: file\\n`),
    `$1    sinks:\n      - type: open311\n        endpoint: ${endpoint}\n      - type: webhook\n        url: ${hook}\n        secret_env: ERASURE_TEST_HOOK_SECRET\n      - type: file\n`,
  );
  if (replaced === demo) throw new Error('demo-city.yaml changed shape: public-works sinks not found');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wegov-cat-')), 'city.yaml');
  writeDemoCatalogCopy(file, replaced);
  return { file, agency };
}

describe.each(['memory', 'redis'] as StoreKind[])('delete my data (%s)', (kind) => {
  let open311: FakeOpen311Server;
  let hook: Receiver;
  let h: Harness;
  const queueName = `erasure-${randomUUID()}`;
  beforeAll(async () => {
    // Sinks read their secrets from the process environment, as in production.
    process.env.ERASURE_TEST_HOOK_SECRET = SECRET;
    open311 = await new FakeOpen311Server().start();
    hook = await startReceiver();
    const { file } = catalogueFor(open311.endpoint, hook.url('/hook'));
    h = await startHarness(kind, {
      env: { WEGOV_CONFIG: file, WEGOV_MEDIA_URL_SECRET: 'media-secret-for-tests-0123456789', WEGOV_STATUS_POLL_SECONDS: '0', WEGOV_RETENTION_SWEEP_SECONDS: '0' },
      overrides: { outboxQueueName: queueName },
    });
  });
  afterAll(async () => {
    await h?.close();
    await open311?.stop();
    await hook?.close();
  });

  it('erases the person from every store, tells the agency by reference only, and tells the person who has what', async () => {
    const s = await createSession(h.app, { locale: 'en' });
    const email = `erase-me-${randomUUID().slice(0, 6)}@example.org`;
    const description = 'Pothole outside number 12, where I live';
    const reference = referenceIn(await fileReport(h.app, s, { ...RIVERSIDE_PIN, description, contact: { name: 'Zelda Erasable', email }, photo: TINY_JPEG }));

    // Delivered everywhere first: Open311, the webhook, the file with its photo copy.
    await eventually(() => open311.posts[0]);
    await eventually(() => hook.requests.find((r) => (r.body as { type?: string }).type === 'report.submitted'));
    const line = await eventually(() => submissionLines(h.submissionsFile).find((l) => (l.payload as { reference?: string }).reference === reference));
    const photoFile = path.join(h.dir, line.files[0]!.file!);
    expect(fs.existsSync(photoFile)).toBe(true);
    const mediaId = (line.payload.media as { mediaId: string }[])[0]!.mediaId;
    expect(await h.wiring.runtime.media.get(mediaId)).not.toBeNull();
    const cases = h.wiring.stores.cases;
    const [record] = await eventually(async () => {
      const found = await cases.byReference(reference);
      return found.some((c) => c.state === 'created') ? found : undefined;
    });
    // Staff asked and the resident answered (what Slack triage keeps on the record).
    await cases.put({
      ...record!,
      triage: {
        status: 'open',
        history: [
          { action: 'ask', by: 'U_STAFF', at: '2026-11-30T10:00:00.000Z', text: 'Which side of the street?' },
          { action: 'answer', by: 'reporter', at: '2026-11-30T10:05:00.000Z', text: 'In front of my house, number 12' },
        ],
      },
    });
    expect(await h.wiring.runtime.store.lookupReference(reference)).toBe(s.sessionId);

    // "delete my data", confirmed.
    await say(h.app, s, { command: 'forget' });
    const reply = (await say(h.app, s, { choice: 'yes' })).map((m) => m.text).join('\n');
    expect(reply).toContain('your data in this chat has been deleted');
    expect(reply).toContain(reference);
    expect(reply).toContain(PRIVACY_CONTACT);
    expect(reply).toContain('We have also sent Public Works a request to delete your details.');

    // The agency's webhook: signed (the receiver verifies), the reference, nothing personal.
    const event = await eventually(() => hook.requests.find((r) => (r.body as { type?: string }).type === 'person.erasure_requested'));
    expect(event.body).toEqual({ type: 'person.erasure_requested', version: 1, id: expect.stringMatching(/^erasure-/), references: [reference], requestedAt: expect.any(String), createdAt: expect.any(String) });
    expect(event.raw).not.toContain(email);
    expect(event.raw).not.toContain(s.sessionId);

    // The submissions file: the line stays (the problem is real) but without the person; the photo copy is gone.
    const erased = await eventually(() => submissionLines(h.submissionsFile).find((l) => (l.payload as { reference?: string }).reference === reference && 'erasedAt' in l));
    expect(erased.payload).toMatchObject({ reference, contact: null, media: [], description: '', conversationId: 'erased', categoryId: 'pothole' });
    expect(erased.files).toEqual([]);
    // The rewritten line appears first (rename), then the photo copy goes (unlink): wait for both.
    await eventually(() => (fs.existsSync(photoFile) ? undefined : true));
    const fileText = fs.readFileSync(h.submissionsFile, 'utf8');
    for (const personal of [email, 'Zelda', description, s.sessionId]) expect(fileText).not.toContain(personal);

    // WeGov's own stores.
    await eventually(async () => ((await h.wiring.runtime.media.get(mediaId)) === null ? true : undefined));
    await eventually(async () => ((await cases.byReference(reference)).every((c) => c.erasedAt !== undefined) ? true : undefined));
    const after = await cases.byReference(reference);
    expect(JSON.stringify(after)).not.toContain('my house');
    expect(after.flatMap((c) => c.triage?.history ?? []).find((e) => e.by === 'U_STAFF')?.text).toBe('Which side of the street?');
    expect(await h.wiring.runtime.store.lookupReference(reference)).toBeNull();
    expect(await h.wiring.runtime.store.reserveReference(reference, 'someone-else')).toBe(false);
    const transcript = (await history(h.app, s)).map((m) => m.text).join('\n');
    for (const personal of [email, 'Zelda', description]) expect(transcript).not.toContain(personal);

    // The delivery queue keeps completed jobs (idempotency): their copies are redacted too.
    if (kind === 'redis') {
      const connection = new Redis({ ...endpointOptions(testRedisUrl()), maxRetriesPerRequest: null });
      const queue = new Queue<DeliveryJob>(queueName, { connection, prefix: OUTBOX_PREFIX });
      try {
        const keys = h.wiring.outbox.router.open311Sinks().map((o) => o.sinkKey);
        const job = await queue.getJob(deliveryJobId(line.id, keys[0]!));
        // The agency got the report, and the kept copy of that delivery is redacted.
        expect(job?.data.submission.id).toBe(line.id);
        expect(JSON.stringify(job!.data)).not.toContain(email);
        expect(job!.data.submission.payload).toMatchObject({ contact: null, description: '' });
      } finally {
        await queue.close();
        connection.disconnect();
      }
    }
  });

  it('without reports, erasing asks nothing of any agency and says nothing about agencies', async () => {
    const s = await createSession(h.app, { locale: 'es' });
    const before = hook.requests.length;
    await say(h.app, s, { command: 'forget' });
    const reply = (await say(h.app, s, { choice: 'yes' })).map((m) => m.text).join('\n');
    expect(reply).toContain('tus datos de este chat se han borrado');
    expect(reply).not.toContain(PRIVACY_CONTACT);
    await new Promise((r) => setTimeout(r, 200));
    expect(hook.requests.length).toBe(before);
  });

  it('a withdrawn consent reaches the agency as person.consent_withdrawn and drops the contact from WeGov copies only', async () => {
    const s = await createSession(h.app, { locale: 'en' });
    const email = `withdraw-${randomUUID().slice(0, 6)}@example.org`;
    const reference = referenceIn(await fileReport(h.app, s, { ...RIVERSIDE_PIN, description: 'Broken kerb by the school', contact: { name: 'Yusuf Withdraws', email } }));
    await eventually(() => submissionLines(h.submissionsFile).find((l) => (l.payload as { reference?: string }).reference === reference));

    await say(h.app, s, { command: 'my_data' });
    await say(h.app, s, { choice: 'withdraw' });

    const event = await eventually(() => hook.requests.find((r) => (r.body as { type?: string; references?: string[] }).type === 'person.consent_withdrawn' && (r.body as { references: string[] }).references.includes(reference)));
    expect(event.body).toMatchObject({ version: 1, references: [reference] });
    expect(event.raw).not.toContain(email);
    const line = await eventually(() =>
      submissionLines(h.submissionsFile).find((l) => (l.payload as { reference?: string }).reference === reference && (l.payload as { contact?: unknown }).contact === null),
    );
    // Only the contact goes: the report itself and its link to the conversation stay.
    expect(line.payload).toMatchObject({ description: 'Broken kerb by the school', conversationId: s.sessionId });
    expect(fs.readFileSync(h.submissionsFile, 'utf8')).not.toContain(email);
  });
});
