/**
 * Adding a kind of participation is a folder and one registration line: the throwaway
 * "petition signature" module (test/modules/petition/) appears on the menu in en/es/ar,
 * completes over the web chat API on Redis, reaches the agency's webhook as its own event type
 * and the submissions file, and never the agency's Open311 endpoint (which takes reports only).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSession, eventually, lastQuestion, say, startHarness, submissionLines, type Harness } from '../server/harness';
import { FakeOpen311Server } from '../sinks/open311/fake-open311-server';
import { SECRET, startReceiver, type Receiver } from '../sinks/webhook/support';
import { PETITION_KIND, petitionModule } from './petition';
import { writeDemoCatalogCopy } from '../support/demo-catalog-copy';

/** The demo city with Public Works on Open311, a webhook and the file, under an id of its own. */
function catalogueFor(endpoint: string, hook: string): { file: string; agency: string } {
  const agency = `public-works-${randomUUID().slice(0, 8)}`;
  const demo = fs.readFileSync(path.join(__dirname, '../../config/demo-city.yaml'), 'utf8').replaceAll('public-works', agency);
  const replaced = demo.replace(
    new RegExp(`(- id: ${agency}\\n\\s+name: .*\\n)\\s+sinks:\\n\\s+- type: file\\n`),
    `$1    sinks:\n      - type: open311\n        endpoint: ${endpoint}\n      - type: webhook\n        url: ${hook}\n        secret_env: PETITION_TEST_HOOK_SECRET\n      - type: file\n`,
  );
  if (replaced === demo) throw new Error('demo-city.yaml changed shape: public-works sinks not found');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wegov-cat-')), 'city.yaml');
  writeDemoCatalogCopy(file, replaced);
  return { file, agency };
}

describe('a kind of participation added as a module (petition signature)', () => {
  let open311: FakeOpen311Server;
  let hook: Receiver;
  let h: Harness;
  beforeAll(async () => {
    process.env.PETITION_TEST_HOOK_SECRET = SECRET;
    open311 = await new FakeOpen311Server().start();
    hook = await startReceiver();
    const { file, agency } = catalogueFor(open311.endpoint, hook.url('/hook'));
    h = await startHarness('redis', {
      env: { WEGOV_CONFIG: file, WEGOV_STATUS_POLL_SECONDS: '0' },
      overrides: { modules: [petitionModule(agency)] }, // the one registration line
    });
  });
  afterAll(async () => {
    await h?.close();
    await open311?.stop();
    await hook?.close();
  });

  it.each([
    ['en', 'Sign the bike-lane petition'],
    ['es', 'Firmar la petición de carriles bici'],
    ['ar', 'وقّع عريضة مسارات الدراجات'],
  ])('is on the menu in %s', async (locale, label) => {
    const s = await createSession(h.app, { locale });
    expect(lastQuestion(s.messages).choices).toContainEqual({ id: 'petition', label });
    // Reporting is still there, first and before it (order 10 < 20); the demo city's open consultation may sit between.
    const ids = lastQuestion(s.messages).choices?.map((c) => c.id) ?? [];
    expect(ids[0]).toBe('report');
    expect(ids.indexOf('petition')).toBeGreaterThan(0);
  });

  it('completes over the web chat API and goes to the webhook (its own event) and the file, never to Open311', async () => {
    const s = await createSession(h.app, { locale: 'es' });
    expect(lastQuestion(await say(h.app, s, { choice: 'petition' })).text).toBe('¿Qué nombre añadimos a la petición?');
    const done = await say(h.app, s, { text: 'Ana Fernández' });
    expect(done[0]?.text).toBe('Gracias, Ana Fernández: tu firma se ha añadido.');

    const event = await eventually(() => hook.requests.find((r) => (r.body as { type?: string }).type === 'petition.signed'));
    expect(event.body).toMatchObject({ type: 'petition.signed', version: 1, result: { petitionId: 'bike-lanes', name: 'Ana Fernández' } });
    expect(event.headers['idempotency-key']).toBe((event.body as { id: string }).id);
    const line = await eventually(() => submissionLines(h.submissionsFile).find((l) => (l as { kind?: string }).kind === PETITION_KIND));
    expect(line.payload).toMatchObject({ petitionId: 'bike-lanes', name: 'Ana Fernández' });
    // Never offered to the Open311 endpoint, and nothing dead-lettered.
    await new Promise((r) => setTimeout(r, 200));
    expect(open311.posts).toHaveLength(0);
    expect(await h.wiring.outbox.queue.deadLetters()).toEqual([]);
  });

  it('starts from a deep link too', async () => {
    const s = await createSession(h.app, { locale: 'en', start: 'petition' });
    expect(lastQuestion(s.messages).text).toBe('What name should we add to the petition?');
  });
});
