/**
 * The abuse list end to end, through the real composed app: a reporter files a report over
 * Telegram -> its card appears in the agency's Slack channel -> an outsider cannot block ->
 * a member blocks the reporter (modal, reason required), recorded on the case and the card ->
 * the reporter's next Telegram message gets the "can no longer send reports" reply in Spanish,
 * once, and nothing they send is processed -> `/wegov blocked` lists it by reference ->
 * `/wegov unblock` (members only) lifts it and the reporter is read again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { conversationIdOf } from '../../../adapters/telegram/handler';
import { eventually } from '../../server/harness';
import { fileTelegramReport, newPerson, startAbuseTelegram, type AbuseHarness } from '../telegram/abuse-support';
import { deliver, postUpdate } from '../telegram/support';
import { textUpdate } from '../telegram/updates';
import { API_URL, blockAction, BOT_TOKEN, BOT_USER_ID, FakeSlackApi, sendSlack, SIGNING_SECRET, slashCommand, viewSubmission } from './support';
import { writeDemoCatalogCopy } from '../../support/demo-catalog-copy';

const CHANNEL = 'CTRIAGEAB';
const SERVANT = 'USERVANTAB';
const OUTSIDER = 'UOUTSIDEAB';

/** The demo city with Public Works triaged in a Slack channel (an agency id of this run's own). */
function catalogue(): string {
  const agency = `pw-${randomUUID().slice(0, 8)}`;
  const demo = fs.readFileSync(path.join(__dirname, '../../../config/demo-city.yaml'), 'utf8').replaceAll('public-works', agency);
  const replaced = demo.replace(new RegExp(`(- id: ${agency}\\n\\s+name: .*\\n\\s+sinks:\\n)\\s+- type: file\\n`), `$1      - type: slack\n        channel: ${CHANNEL}\n`);
  if (replaced === demo) throw new Error('demo-city.yaml changed shape');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wegov-abuse-')), 'city.yaml');
  writeDemoCatalogCopy(file, replaced);
  return file;
}

const submit = (user: string, caseKey: string, reason: string) =>
  viewSubmission(user, 'wegov_triage:block', { wg_text: { text: { type: 'plain_text_input', value: reason } } }, caseKey);

describe('Block reporter from a triage card (Telegram reporter, Slack staff)', () => {
  let h: AbuseHarness;
  let slack: FakeSlackApi;
  beforeAll(async () => {
    slack = new FakeSlackApi();
    slack.answers.set('conversations.members', () => ({ members: [SERVANT, BOT_USER_ID], response_metadata: { next_cursor: '' } }));
    h = await startAbuseTelegram('redis', {
      env: { WEGOV_CONFIG: catalogue(), SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_USER_ID: BOT_USER_ID, SLACK_API_URL: API_URL },
    });
  });
  afterAll(async () => {
    await h.close();
    slack.stop();
  });

  async function reply(command: string, user: string): Promise<string> {
    const before = slack.responses.length;
    expect((await sendSlack(h.app, slashCommand(user, command))).status).toBe(200);
    const answer = await eventually(() => slack.responses[before]);
    return String(answer.body.text);
  }

  it('blocks, answers the reporter once in their language, processes nothing, lists and lifts the block', async () => {
    const person = newPerson('es');
    const conv = conversationIdOf(person.id);
    const reference = await fileTelegramReport(h, person);
    const card = await eventually(() => slack.posts().find((c) => c.body.channel === CHANNEL && JSON.stringify(c.body.blocks).includes(reference)));
    const caseKey = /"value":"([^"]+@[^"]+)"/.exec(JSON.stringify(card.body.blocks))![1]!;
    expect(JSON.stringify(card.body.blocks)).toContain('wegov_triage:block');
    const cardTs = await eventually(async () => (await h.wiring.stores.cases.get(caseKey))?.slack?.ts);
    const button = { action_id: 'wegov_triage:block', value: caseKey, text: 'Block reporter', block_id: 'wg_t_actions' };

    // An outsider can neither open the modal nor submit one.
    await sendSlack(h.app, blockAction(OUTSIDER, button, cardTs, CHANNEL));
    await eventually(() => slack.calls.find((c) => c.method === 'chat.postEphemeral' && c.body.user === OUTSIDER));
    expect(slack.calls.filter((c) => c.method === 'views.open')).toEqual([]);
    const forged = await sendSlack(h.app, submit(OUTSIDER, caseKey, 'I do not like them'));
    expect(forged.body).toMatchObject({ response_action: 'errors' });
    expect((await deliver(h, textUpdate(person, 'menú'))).seen.map((m) => m.text).join('\n')).not.toContain('Esta cuenta');

    // A member: the modal asks for a reason (required), then the block is recorded.
    await sendSlack(h.app, blockAction(SERVANT, button, cardTs, CHANNEL));
    const modal = await eventually(() => slack.calls.find((c) => c.method === 'views.open'));
    expect(JSON.stringify(modal.body.view)).toContain('wegov_triage:block');
    expect(JSON.stringify(modal.body.view)).toContain(`/wegov unblock ${reference}`);
    expect((await sendSlack(h.app, submit(SERVANT, caseKey, '   '))).body).toMatchObject({ response_action: 'errors' });
    expect((await sendSlack(h.app, submit(SERVANT, caseKey, 'Insults in every message'))).status).toBe(200);
    const recorded = await eventually(async () => (await h.wiring.stores.cases.get(caseKey))?.triage?.history.find((e) => e.action === 'block'));
    expect(recorded).toMatchObject({ by: SERVANT, text: 'Insults in every message' });
    const updated = await eventually(() => slack.calls.find((c) => c.method === 'chat.update' && c.body.ts === cardTs));
    expect(JSON.stringify(updated.body.blocks)).toContain(`Reporter blocked by <@${SERVANT}>`);

    // The reporter: one reply in Spanish naming the agency; nothing processed, then silence.
    const before = await h.wiring.runtime.store.load(conv);
    const lines = fs.existsSync(h.submissionsFile) ? fs.readFileSync(h.submissionsFile, 'utf8') : '';
    const blocked = await deliver(h, textUpdate(person, 'quiero reportar otro bache'));
    expect(blocked.seen.map((m) => m.text)).toEqual([
      'Esta cuenta ya no puede enviar reportes. Si crees que es un error, ponte en contacto con Obras Públicas.',
    ]);
    h.clock.advance(120_000); // past the process's own cache: the store is asked again, and says "told already"
    expect((await postUpdate(h.app, textUpdate(person, 'reportar'))).body).toEqual({});
    expect(await h.wiring.runtime.store.load(conv)).toEqual(before);
    expect(fs.existsSync(h.submissionsFile) ? fs.readFileSync(h.submissionsFile, 'utf8') : '').toBe(lines);

    // Staff see it by reference only; the outsider sees nothing and cannot lift it.
    const list = await reply('blocked', SERVANT);
    expect(list).toContain(reference);
    expect(list).toContain('Insults in every message');
    expect(list).not.toContain(String(person.id));
    expect(await reply('blocked', OUTSIDER)).toBe('No reporter is blocked.');
    expect(await reply(`unblock ${reference}`, OUTSIDER)).toMatch(/Only members of the triage channel/);
    expect((await deliver(h, textUpdate(person, 'menú'))).seen).toEqual([]);

    // Lifted: recorded on the case, and the reporter is read again.
    expect(await reply(`unblock ${reference.toLowerCase()}`, SERVANT)).toBe(`The reporter of ${reference} is unblocked: their messages are read again.`);
    await eventually(async () => (await h.wiring.stores.cases.get(caseKey))?.triage?.history.find((e) => e.action === 'unblock' && e.by === SERVANT));
    const back = await deliver(h, textUpdate(person, 'menú'));
    expect(back.seen.length).toBeGreaterThan(0);
    expect(back.seen.map((m) => m.text).join('\n')).not.toContain('Esta cuenta');
    expect(await reply(`unblock ${reference}`, SERVANT)).toBe(`The reporter of ${reference} is not blocked.`);
  });
});
