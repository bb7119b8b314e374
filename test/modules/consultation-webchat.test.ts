/**
 * The demo city's consultation answered end to end over the web chat API on Redis, at a fixed
 * time while it is open: the response reaches the agency's webhook as
 * `consultation.response_submitted` (valid against its published JSON Schema) and the file, and
 * never its Open311 endpoint; nothing is dead-lettered.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSession, eventually, lastQuestion, say, startHarness, submissionLines, type Harness } from '../server/harness';
import { FakeOpen311Server } from '../sinks/open311/fake-open311-server';
import { check } from '../sinks/webhook/schema-check';
import { SECRET, startReceiver, type Receiver } from '../sinks/webhook/support';
import { writeDemoCatalogCopy } from '../support/demo-catalog-copy';

const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '../../docs/webhooks/consultation-response-v1.schema.json'), 'utf8')) as Record<string, unknown>;

function catalogueFor(endpoint: string, hook: string): string {
  const agency = `public-works-${randomUUID().slice(0, 8)}`;
  const demo = fs.readFileSync(path.join(__dirname, '../../config/demo-city.yaml'), 'utf8').replaceAll('public-works', agency);
  const replaced = demo.replace(
    new RegExp(`(- id: ${agency}\\n\\s+name: .*\\n)\\s+sinks:\\n\\s+- type: file\\n`),
    `$1    sinks:\n      - type: open311\n        endpoint: ${endpoint}\n      - type: webhook\n        url: ${hook}\n        secret_env: CONSULTATION_TEST_HOOK_SECRET\n      - type: file\n`,
  );
  if (replaced === demo) throw new Error('demo-city.yaml changed shape: public-works sinks not found');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wegov-cat-')), 'city.yaml');
  writeDemoCatalogCopy(file, replaced);
  return file;
}

describe('the demo consultation over the web chat API (Redis)', () => {
  let open311: FakeOpen311Server;
  let hook: Receiver;
  let h: Harness;
  beforeAll(async () => {
    process.env.CONSULTATION_TEST_HOOK_SECRET = SECRET;
    open311 = await new FakeOpen311Server().start();
    hook = await startReceiver();
    h = await startHarness('redis', {
      env: { WEGOV_CONFIG: catalogueFor(open311.endpoint, hook.url('/hook')), WEGOV_STATUS_POLL_SECONDS: '0' },
      overrides: { now: () => new Date('2026-12-01T15:00:00.000Z') },
    });
  });
  afterAll(async () => {
    await h?.close();
    await open311?.stop();
    await hook?.close();
  });

  it('is answered in Spanish, reaches the webhook and the file, never Open311', async () => {
    const s = await createSession(h.app, { locale: 'es', start: 'consultation:riverside-avenue-bike-lane' });
    expect(lastQuestion(s.messages).text).toContain('Pregunta 1 de');
    const answers: object[] = [
      { choice: 'avenue' },
      { text: '4' },
      { choice: 'yes' },
      { choice: 'parking' },
      { choice: '_done' },
      { text: 'Las furgonetas de reparto bloquean el carril.' },
      { text: '2, 1, 3, 4' },
      { choice: '_skip' },
    ];
    for (const body of answers) await say(h.app, s, body);
    const done = await say(h.app, s, { choice: '_submit' });
    expect(done[0]?.text).toContain('quedó registrada');

    const event = await eventually(() => hook.requests.find((r) => (r.body as { type?: string }).type === 'consultation.response_submitted'));
    expect(check(schema, event.body)).toEqual([]);
    expect(event.body).toMatchObject({ version: 1, result: { consultationId: 'riverside-avenue-bike-lane', locale: 'es', channel: 'webchat', answers: { route: 'avenue', frequency: 4, 'lives-nearby': true, concerns: ['parking'], 'age-band': null } } });
    expect(event.raw).not.toContain(s.sessionId);
    const line = await eventually(() => submissionLines(h.submissionsFile).find((l) => (l as { kind?: string }).kind === 'consultation_response'));
    expect(line.payload).toMatchObject({ consultationId: 'riverside-avenue-bike-lane' });
    await new Promise((r) => setTimeout(r, 200));
    expect(open311.posts).toHaveLength(0);
    expect(await h.wiring.outbox.queue.deadLetters()).toEqual([]);
  });
});
