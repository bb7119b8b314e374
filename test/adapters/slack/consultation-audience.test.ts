/**
 * A staff consultation listing Slack users and a channel (the demo city plus "Depot canteen
 * hours", for one listed user and the members of #depot) is only for them: the listed user and
 * a member of the channel (found on the second page of Slack's `conversations.members`, nock'ed)
 * see it on the menu next to the public one, and the listed user answers it with its radio
 * buttons; anyone else sees only the public consultation, and opening the staff one by its deep
 * link politely says it is for certain staff. Memberships are asked of Slack once per channel
 * while cached, not once per turn.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { StaffAudience } from '../../../adapters/slack/staff-audience';
import { conversationIdOf } from '../../../adapters/slack/ids';
import { runTurn } from '../../../src/runtime/turn';
import { eventually, submissionLines } from '../../server/harness';
import { choiceIds, dmPress, dmSay, dmSelect, optionIds, type DmStep } from './dm-driver';
import { buttonsOf, startSlack, TEAM_ID, textOf, type SlackHarness } from './support';
import { writeDemoCatalogCopy } from '../../support/demo-catalog-copy';

const NOW = new Date('2026-12-01T15:00:00.000Z');
const LISTED = 'ULISTED001';
const MEMBER = 'UMEMBER002';
const OUTSIDER = 'UOUTSIDE01';
const DEPOT = 'CDEPOT0001';

const lang = (en: string, es: string, ar: string, fr: string) => ({ en, es, ar, fr });
const depotHours = {
  id: 'depot-canteen-hours',
  title: lang('Depot canteen hours', 'Horario del comedor del depósito', 'ساعات مقصف المستودع', 'Horaires de la cantine du dépôt'),
  intro: lang('The depot canteen may open earlier. One question.', 'El comedor del depósito podría abrir antes. Una pregunta.', 'قد يفتح مقصف المستودع أبكر. سؤال واحد.', 'La cantine du dépôt pourrait ouvrir plus tôt. Une seule question.'),
  agency: 'public-works',
  opens_at: '2026-11-15 09:00',
  closes_at: '2027-01-31 18:00',
  audience: { staff: { slack_users: [LISTED], slack_channels: [DEPOT] } },
  results: 'staff_only',
  questions: [
    {
      id: 'opening',
      type: 'single_choice',
      text: lang('When should the canteen open?', '¿A qué hora debería abrir el comedor?', 'متى يجب أن يفتح المقصف؟', 'À quelle heure la cantine doit-elle ouvrir\u00a0?'),
      options: [
        { id: 'six', label: lang('6:00', '6:00', '6:00', '6 h') },
        { id: 'seven', label: lang('7:00', '7:00', '7:00', '7 h') },
      ],
    },
  ],
};

describe('a staff consultation for listed Slack users and channels', () => {
  let h: SlackHarness;
  let dir: string;
  const membersCalls: Record<string, unknown>[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wegov-audience-'));
    const catalog = parse(fs.readFileSync(path.join(__dirname, '../../../config/demo-city.yaml'), 'utf8')) as { consultations: unknown[] };
    catalog.consultations.push(depotHours);
    const file = path.join(dir, 'city.yaml');
    writeDemoCatalogCopy(file, stringify(catalog));
    h = await startSlack('redis', { WEGOV_CONFIG: file }, undefined, () => NOW);
    // #depot has two pages of members; the second has MEMBER.
    h.api.answers.set('conversations.members', (body) => {
      membersCalls.push(body);
      if (body.channel !== DEPOT) return { ok: false, error: 'channel_not_found' };
      return body.cursor === 'page2' ? { members: [MEMBER], response_metadata: { next_cursor: '' } } : { members: ['UOTHER0001', 'UOTHER0002'], response_metadata: { next_cursor: 'page2' } };
    });
  });
  afterAll(async () => {
    await h.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the listed user sees both consultations and answers the staff one', async () => {
    let step: DmStep = await dmSay(h, LISTED, 'hello');
    const label = (id: string) => buttonsOf(step.question).find((b) => b.value.endsWith(`:${id}`))?.text;
    expect(label('consultation')).toBe('Have your say (2 open)');
    step = await dmPress(h, LISTED, step.question!, 'consultation');
    expect(choiceIds(step.question)).toEqual(expect.arrayContaining(['riverside-avenue-bike-lane', 'depot-canteen-hours']));
    step = await dmPress(h, LISTED, step.question!, 'depot-canteen-hours');
    expect(step.posts.map(textOf).join('\n')).toContain('The depot canteen may open earlier.');
    expect(optionIds(step.question)).toEqual(['six', 'seven']);
    step = await dmSelect(h, LISTED, step.question!, 'seven');
    step = await dmPress(h, LISTED, step.question!, '_submit');
    expect(step.posts.map(textOf)).toContain('Thank you! Your response to "Depot canteen hours" was recorded.');
    const line = await eventually(() => submissionLines(h.submissionsFile).find((l) => JSON.stringify(l).includes('depot-canteen-hours')));
    expect(line.payload).toMatchObject({ consultationId: 'depot-canteen-hours', channel: 'slack', answers: { opening: 'seven' } });
  });

  it('a member of the listed channel (second page of members) sees it too', async () => {
    const step = await dmSay(h, MEMBER, 'hello');
    expect(buttonsOf(step.question).find((b) => b.value.endsWith(':consultation'))?.text).toBe('Have your say (2 open)');
    // Both pages were read, each with the channel listed.
    expect(membersCalls.some((c) => c.channel === DEPOT && c.cursor === 'page2')).toBe(true);
  });

  it('anyone else sees only the public consultation, and its deep link is refused politely', async () => {
    const before = membersCalls.length;
    const step = await dmSay(h, OUTSIDER, 'hello');
    expect(buttonsOf(step.question).find((b) => b.value.endsWith(':consultation'))?.text).toBe('Have your say: Riverside Avenue protected bike lane');
    // The members were cached: no new call to Slack.
    expect(membersCalls.length).toBe(before);

    // A deep link (as the widget or Telegram's /start sends one) with the facts the adapter gives the turn.
    const slack = h.wiring.slack!;
    const audience = new StaffAudience(slack.client, h.wiring.runtime.env, h.wiring.runtime.logger);
    const open = async (user: string) => {
      const result = await runTurn(h.wiring.runtime, {
        conversationId: conversationIdOf(TEAM_ID, user),
        channel: 'slack',
        input: { kind: 'start', payload: 'consultation:depot-canteen-hours' },
        create: { channelData: {} },
        channelFacts: await audience.factsOf(user),
      });
      if (result.kind !== 'ok') throw new Error(result.kind);
      return result.messages.map((m) => m.text).join('\n');
    };
    expect(await open(OUTSIDER)).toContain('This consultation is for certain staff teams only, so it is not open to you.');
    expect(await open(MEMBER)).toContain('The depot canteen may open earlier.');
  });
});
