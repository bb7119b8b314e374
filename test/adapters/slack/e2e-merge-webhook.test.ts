/**
 * Issue 16: a webhook agency hears of a merge. Public Works (an agency id of this run's own) is
 * triaged in Slack and delivered over a signed webhook (a local receiver that verifies every
 * signature); two residents report the same pothole; staff submit "Duplicate of…" on one card ->
 * the webhook gets one signed `report.merged` (the duplicate's and the surviving reference, when),
 * valid against docs/webhooks/report-merged-v1.schema.json; Slack resubmitting the modal and a
 * repeated merge send nothing more. Slack's Web API is a nock fake answering by method.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mergeReport } from '../../../src/runtime/report-merge';
import { createSession, eventually, fileReport, referenceIn, startHarness, type Harness } from '../../server/harness';
import { check } from '../../sinks/webhook/schema-check';
import { SECRET as HOOK_SECRET, startReceiver, type Receiver } from '../../sinks/webhook/support';
import { writeDemoCatalogCopy } from '../../support/demo-catalog-copy';
import { API_URL, BOT_TOKEN, BOT_USER_ID, SIGNING_SECRET, sendSlack, type SlackRequest } from './support';
import { fakeSlackWorkspace, type FakeWorkspace } from './fake-workspace';

const CHANNEL = 'CMERGEWH1';
const SERVANT = 'USERVANT4';
const PIN = { lat: 30.3344, lon: -97.7044 };
const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../docs/webhooks/report-merged-v1.schema.json'), 'utf8')) as Record<string, unknown>;

const fakeSlack = (): FakeWorkspace => fakeSlackWorkspace({ channel: CHANNEL, members: [SERVANT, BOT_USER_ID], firstTs: 1_830_000_000 });

function catalogue(hook: string): { file: string; agency: string } {
  const agency = `pw-${randomUUID().slice(0, 8)}`;
  const demo = fs.readFileSync(path.join(__dirname, '../../../config/demo-city.yaml'), 'utf8').replaceAll('public-works', agency);
  const replaced = demo.replace(
    new RegExp(`(- id: ${agency}\\n\\s+name: .*\\n\\s+sinks:\\n)\\s+- type: file\\n`),
    `$1      - type: slack\n        channel: ${CHANNEL}\n      - type: webhook\n        url: ${hook}\n        secret_env: MERGE_HOOK_SECRET\n`,
  );
  if (replaced === demo) throw new Error('demo-city.yaml changed shape');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wegov-mergewh-')), 'city.yaml');
  writeDemoCatalogCopy(file, replaced);
  return { file, agency };
}

function submitDuplicate(caseKey: string, typed: string): SlackRequest {
  const payload = {
    type: 'view_submission',
    team: { id: 'TCITY01', domain: 'city' },
    user: { id: SERVANT, username: SERVANT, name: SERVANT, team_id: 'TCITY01' },
    api_app_id: 'A1',
    token: 'legacy',
    trigger_id: 'trig-view',
    view: { id: 'V3', team_id: 'TCITY01', type: 'modal', callback_id: 'wegov_triage:duplicate', private_metadata: caseKey, blocks: [], state: { values: { wg_text: { text: { type: 'plain_text_input', value: typed } } } }, hash: 'h', title: { type: 'plain_text', text: 't' }, root_view_id: 'V3', app_id: 'A1', app_installed_team_id: 'TCITY01' },
  };
  return { path: '/slack/interactivity', body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), contentType: 'application/x-www-form-urlencoded' };
}

interface MergedEvent {
  type: string;
  id: string;
  agencyId: string;
  reference: string;
  result: { reference: string; into: string; agencyId: string; categoryId: string; mergedAt: string };
}

describe('report.merged to a webhook agency (redis)', () => {
  let h: Harness;
  let hook: Receiver;
  let slack: ReturnType<typeof fakeSlack>;
  let agency: string;
  beforeAll(async () => {
    process.env.MERGE_HOOK_SECRET = HOOK_SECRET;
    hook = await startReceiver();
    slack = fakeSlack();
    const c = catalogue(hook.url('/hook'));
    agency = c.agency;
    h = await startHarness('redis', {
      env: { WEGOV_CONFIG: c.file, WEGOV_STATUS_POLL_SECONDS: '0', SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_USER_ID: BOT_USER_ID, SLACK_API_URL: API_URL },
      overrides: { slack: { retryConfig: { retries: 0 } } },
    });
  });
  afterAll(async () => {
    await h?.close();
    await hook?.close();
    slack?.stop();
    delete process.env.MERGE_HOOK_SECRET;
  });

  async function report(description: string): Promise<{ reference: string; caseKey: string }> {
    const s = await createSession(h.app, { locale: 'en' });
    const reference = referenceIn(await fileReport(h.app, s, { ...PIN, description, contact: null }));
    const card = await eventually(() => slack.calls.find((c) => c.method === 'chat.postMessage' && JSON.stringify(c.body.blocks).includes(reference)));
    const caseKey = JSON.stringify(card.body.blocks).match(/"value":"([^"]+@[^"]+)"/)![1]!;
    await eventually(async () => (await h.wiring.stores.cases.get(caseKey))?.slack?.ts);
    await eventually(() => hook.requests.find((r) => JSON.stringify(r.body).includes(reference)));
    return { reference, caseKey };
  }

  const merged = (): MergedEvent[] => hook.requests.map((r) => r.body as MergedEvent).filter((e) => e.type === 'report.merged');

  it('sends one signed report.merged, valid against its schema; a resubmission or a repeated merge sends nothing more', async () => {
    const dup = await report('Pothole in front of the bakery');
    const survivor = await report('Big pothole by the bakery door');
    expect(merged()).toEqual([]);

    const started = Date.now();
    await sendSlack(h.app, submitDuplicate(dup.caseKey, survivor.reference)).expect(200);
    const [event] = await eventually(() => (merged().length > 0 ? merged() : undefined));
    expect(check(schema, event)).toEqual([]);
    expect(event).toMatchObject({ type: 'report.merged', version: 1, agencyId: agency, reference: dup.reference, result: { reference: dup.reference, into: survivor.reference, agencyId: agency, categoryId: 'pothole' } });
    expect(Date.parse(event!.result.mergedAt)).toBeGreaterThanOrEqual(started - 1000);
    // Signed like every delivery, with the event id as the Idempotency-Key; no staff identity.
    const delivery = hook.requests.find((r) => (r.body as MergedEvent).type === 'report.merged')!;
    expect(delivery.headers['idempotency-key']).toBe(event!.id);
    expect(JSON.stringify(event)).not.toContain(SERVANT);

    // Slack resubmits, staff merge again: nothing new reaches the agency.
    await sendSlack(h.app, submitDuplicate(dup.caseKey, survivor.reference)).expect(200);
    await mergeReport(h.wiring.runtime, h.wiring.stores.cases, { reference: dup.reference, into: survivor.reference }, { queue: (s) => h.wiring.relay.submit(s) });
    await new Promise((r) => setTimeout(r, 500));
    expect(merged()).toHaveLength(1);
  });
});
