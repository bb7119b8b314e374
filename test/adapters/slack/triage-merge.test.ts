/**
 * "Duplicate of…" on a triage card, through a real Bolt App (signed requests, the Web API
 * captured by nock): who may open the modal, what each refusal of the runtime's merge says in
 * the modal, the card's merged state, and two submissions at once merging once. The runtime's
 * merge itself (records, follows, the reporter's message, Open311) is e2e-merge.test.ts.
 */
import nock from 'nock';
import { SlackTriageSink } from '../../../adapters/slack/triage/sink';
import { parseReference } from '../../../adapters/slack/triage/merge';
import type { MergeOutcome, MergeRequest } from '../../../src/runtime/report-merge';
import { noMedia, report, submission } from '../../sinks/open311/fixtures';
import { buttonClick, CHANNEL, FakeSlack, makeDeps, sendPayload, triageApp, viewSubmission } from './triage-support';

afterEach(() => nock.cleanAll());

const key = 'sub-1@public-works.1';
const SURVIVOR = 'WG-SURV22';

async function setup(merge: (r: MergeRequest) => Promise<MergeOutcome>) {
  const slack = new FakeSlack(['UMEMBER', 'UOTHER']);
  const deps = makeDeps({ merge: jest.fn(merge) });
  const sink = new SlackTriageSink({ client: deps.client, channel: CHANNEL, cases: deps.cases });
  await sink.deliver(submission(report()), noMedia, { sinkKey: 'public-works.1', attempt: 1 });
  const post = slack.of('chat.postMessage')[0]!;
  const ts = (await deps.cases.get(key))!.slack!.ts;
  slack.on('conversations.history', () => ({ json: { ok: true, messages: [{ ts, blocks: post.body.blocks }] } }));
  slack.calls.length = 0;
  const server = triageApp(deps);
  const submit = (text: string, user = 'UMEMBER') => sendPayload(server, viewSubmission({ action: 'duplicate', caseKey: key, user, text }));
  return { slack, deps, server, ts, submit, blocks: post.body.blocks as unknown[] };
}

const errorOf = (res: { body: unknown }): string | undefined => (res.body as { errors?: { wg_text?: string } }).errors?.wg_text;

describe('triage: Duplicate of…', () => {
  it('reads a reference as staff type it, and nothing else', () => {
    expect(parseReference('  wg-7k3qx9 ')).toBe('WG-7K3QX9');
    expect(parseReference('"WG-7K3QX9".')).toBe('WG-7K3QX9');
    expect(parseReference('the other one')).toBeNull();
    expect(parseReference('WG-7K3QX9 WG-ABCDEF')).toBeNull();
    expect(parseReference('«(wg-7k3qx9)» ')).toBe('WG-7K3QX9');
    // A pasted page is no reference (and costs a bounded loop, not a backtracking regex).
    expect(parseReference(`WG-7K3QX9${' '.repeat(50_000)}x`)).toBeNull();
  });

  it('opens the modal for a member only; a non-member is refused privately', async () => {
    const { slack, server, ts, blocks } = await setup(async (r) => ({ kind: 'merged', into: r.into, tell: async () => undefined }));
    await sendPayload(server, buttonClick({ action: 'duplicate', caseKey: key, user: 'USTRANGER', ts, blocks })).expect(200);
    expect(slack.of('views.open')).toHaveLength(0);
    expect(slack.of('chat.postEphemeral')[0]!.body).toMatchObject({ channel: CHANNEL, user: 'USTRANGER' });
    await sendPayload(server, buttonClick({ action: 'duplicate', caseKey: key, user: 'UMEMBER', ts, blocks })).expect(200);
    const view = slack.of('views.open')[0]!.body.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
    expect(view).toMatchObject({ callback_id: 'wegov_triage:duplicate', private_metadata: key });
    expect(JSON.stringify(view.blocks)).toContain('Reference of the report to keep');
  });

  it.each<[string, MergeOutcome, string]>([
    ['the report itself', { kind: 'same' }, 'A report cannot be a duplicate of itself: give the reference of the other report.'],
    ['an unknown report', { kind: 'unknown_target' }, `WeGov knows no report ${SURVIVOR}. Check the reference.`],
    ['a cycle', { kind: 'cycle' }, `${SURVIVOR} is itself a duplicate of this report: it cannot also be the one to keep.`],
    ['a duplicate of a third report', { kind: 'target_merged', into: 'WG-THIRD2' }, `${SURVIVOR} is itself a duplicate of WG-THIRD2: give WG-THIRD2 instead.`],
    ['a report merged elsewhere already', { kind: 'already_merged', into: 'WG-THIRD2' }, 'This report is already a duplicate of WG-THIRD2.'],
    ['no record', { kind: 'unavailable' }, 'WeGov keeps no record of this report, so it cannot be merged.'],
  ])('refuses %s in the modal, and nothing changes', async (_what, outcome, message) => {
    const { slack, deps, submit } = await setup(async () => outcome);
    const res = await submit(SURVIVOR).expect(200);
    expect(res.body).toEqual({ response_action: 'errors', errors: { wg_text: message } });
    expect(slack.of('chat.update')).toHaveLength(0);
    expect((await deps.cases.get(key))!.triage).toEqual({ status: 'open', history: [] });
  });

  it('refuses a non-member and a typing mistake before asking the runtime', async () => {
    const { deps, submit } = await setup(async (r) => ({ kind: 'merged', into: r.into, tell: async () => undefined }));
    expect(errorOf(await submit('not a reference').expect(200))).toContain('for example WG-7K3QX9');
    expect(errorOf(await submit(SURVIVOR, 'USTRANGER').expect(200))).toContain('Only members');
    expect(deps.merge).not.toHaveBeenCalled();
  });

  it('two submissions at once merge once: one card update, one message; the other just closes its modal', async () => {
    const tell = jest.fn(async () => undefined);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const { slack, deps, submit, ts } = await setup(async (r) => {
      await held; // the first merge runs until the second submission has met the case's lock
      return { kind: 'merged', into: r.into, tell };
    });
    deps.lockMs = 10_000;
    const lease = deps.cases.lease.bind(deps.cases);
    let contended = 0;
    deps.cases.lease = async (name, ttlMs) => {
      const got = await lease(name, ttlMs);
      if (!got) {
        contended += 1;
        release();
      }
      return got;
    };
    const first = submit(SURVIVOR).then((r) => r);
    const second = submit(SURVIVOR.toLowerCase(), 'UOTHER').then((r) => r);
    const [a, b] = await Promise.all([first, second]);
    expect(contended).toBeGreaterThanOrEqual(1);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(a.body).not.toHaveProperty('response_action');
    expect(b.body).not.toHaveProperty('response_action');
    expect(deps.merge).toHaveBeenCalledTimes(1);
    expect(tell).toHaveBeenCalledTimes(1);
    expect(slack.of('chat.update')).toHaveLength(1);
    const update = slack.of('chat.update')[0]!.body;
    expect(update).toMatchObject({ channel: CHANNEL, ts });
    const blocks = JSON.stringify(update.blocks);
    expect(blocks).toContain(`*Status:* Duplicate of ${SURVIVOR}`);
    expect(blocks).toMatch(/Duplicate of WG-SURV22 by <@U(MEMBER|OTHER)> at /);
    expect(blocks).toContain('wegov_triage:reply');
    expect(blocks).not.toContain('wegov_triage:duplicate');
    const c = await deps.cases.get(key);
    expect(c).toMatchObject({ mergedInto: SURVIVOR, triage: { status: 'closed' } });
    expect(c!.triage!.history).toHaveLength(1);
  });
});
