/**
 * `/wegov results` through the real app and Bolt (Web API and response_url on nock): three
 * people answer the demo consultation in the web chat (and are told where its results will be
 * published), the outbox delivers their responses to the results sink, and a staff member sees
 * the results in Slack as Block Kit: the title, the responses, each choice, yes/no and scale
 * question's options with text bars, shares and counts (small counts as they are: the staff
 * view), and a button to the public page; in Spanish for a Spanish Slack user; the list of
 * consultations without an id; a polite answer to an unknown id. Memory stores at a fixed time
 * while the consultation is open (the run's shared Redis holds other files' responses to it).
 */
import request from 'supertest';
import { ADMIN_TOKEN, createSession, eventually, say } from '../../server/harness';
import { blockAction, sendSlack, settle, slashCommand, startSlack, waitFor, type SlackHarness } from './support';

const ID = 'riverside-avenue-bike-lane';
const NOW = new Date('2026-12-01T15:00:00Z');
const PUBLIC_URL = 'https://wegov.example.org';
const PAGE = `${PUBLIC_URL}/consultations/${ID}`;

interface Block {
  type: string;
  text?: { type: string; text: string };
  elements?: { type: string; text: string | { text: string }; url?: string; action_id?: string }[];
}

interface Answers {
  route: string;
  frequency: string;
  nearby: 'yes' | 'no';
  concerns: string[];
  more?: string;
  age: string;
  locale?: string;
}

describe('Slack /wegov results', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlack('memory', { WEGOV_PUBLIC_URL: PUBLIC_URL }, undefined, () => NOW);
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(() => h.api.clear());

  async function command(text: string, user = 'USTAFF01'): Promise<{ response_type: string; text: string; blocks?: Block[] }> {
    const before = h.api.responses.length;
    const res = await sendSlack(h.app, slashCommand(user, text));
    expect(res.status).toBe(200);
    const answer = await waitFor(() => h.api.responses[before]);
    return answer.body as { response_type: string; text: string; blocks?: Block[] };
  }

  /** One person's response in the web chat, from the deep link to Send; returns what the chat said after Send. */
  async function answer(participant: string, a: Answers): Promise<string[]> {
    const s = await createSession(h.app, { locale: a.locale ?? 'en', start: `consultation:${ID}`, participant });
    await say(h.app, s, { choice: a.route });
    await say(h.app, s, { text: a.frequency });
    await say(h.app, s, { choice: a.nearby });
    if (a.concerns.length === 0) await say(h.app, s, { choice: '_skip' });
    else {
      for (const c of a.concerns) await say(h.app, s, { choice: c });
      await say(h.app, s, { choice: '_done' });
    }
    if (a.more !== undefined) await say(h.app, s, { text: a.more });
    await say(h.app, s, { text: '2, 1, 3, 4' });
    await say(h.app, s, { choice: a.age });
    return (await say(h.app, s, { choice: '_submit' })).map((m) => m.text);
  }

  const sections = (blocks: Block[]): string[] => blocks.filter((b) => b.type === 'section').map((b) => b.text!.text);
  const contexts = (blocks: Block[]): string[] => blocks.filter((b) => b.type === 'context').map((b) => (b.elements![0]!.text as string));
  const question = (blocks: Block[], start: string): string => {
    const found = sections(blocks).find((s) => s.includes(start));
    if (!found) throw new Error(`no section with ${start}: ${JSON.stringify(sections(blocks))}`);
    return found;
  };

  it('before any response: the consultation with no answers yet', async () => {
    const body = await command(`results ${ID}`);
    expect(body.response_type).toBe('ephemeral');
    expect(contexts(body.blocks!)[0]).toContain('Responses: 0');
    expect(question(body.blocks!, 'Which route')).toContain('No answers yet.');
  });

  it('shows staff every count, with bars and shares, and links to the public page', async () => {
    const said = await answer('person-a-slack-results-0001', { route: 'avenue', frequency: '5', nearby: 'yes', concerns: ['parking', 'buses'], more: 'Buses stop in the lane.', age: '18-34' });
    // The chat says where and when the results will be public (this consultation: after it closes).
    expect(said[0]).toBe('Thank you! Your response to "Riverside Avenue protected bike lane" was recorded.');
    expect(said[1]).toBe(`The results will be published here after the consultation closes on January 31, 2027 at 6:00 PM: ${PAGE}`);
    const saidB = await answer('person-b-slack-results-0002', { route: 'avenue', frequency: '4', nearby: 'no', concerns: ['parking'], more: 'Delivery vans would block it.', age: '_skip' });
    expect(saidB[0]).toMatch(/^Thank you!/);
    const saidEs = await answer('person-c-slack-results-0003', { route: 'river-path', frequency: '2', nearby: 'no', concerns: [], age: '55-74', locale: 'es' });
    expect(saidEs[1]).toBe(`Los resultados se publicarán aquí cuando cierre la consulta, el 31 de enero de 2027 a las 18:00: ${PAGE}`);
    const auth = { Authorization: `Bearer ${ADMIN_TOKEN}` };
    await eventually(async () => ((await request(h.app).get(`/admin/consultations/${ID}/results`).set(auth)).body.responses === 3 ? true : undefined));

    const body = await command(`results ${ID}`);
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toBe('Results of "Riverside Avenue protected bike lane": Responses: 3');
    const blocks = body.blocks!;
    expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Riverside Avenue protected bike lane', emoji: false } });
    expect(contexts(blocks)[0]).toBe('Responses: 3 · open until January 31, 2027 · public results page: after it closes');

    // A single choice, the most chosen first; 1 and 2 people are shown as they are (staff view).
    expect(question(blocks, 'Which route').split('\n')).toEqual([
      '*1. Which route should the bike lane follow?*  (answered: 3)',
      '`███████░░░` 67%  Riverside Avenue itself (most direct): 2',
      '`███░░░░░░░` 33%  Along the river path (off the road, shared with people walking): 1',
      '`░░░░░░░░░░` 0%  Elm Street, one block east (quieter, 400 m longer): 0',
    ]);
    // Yes/no in the reader's language.
    const nearby = question(blocks, '*3.');
    expect(nearby).toContain('`███████░░░` 67%  No: 2');
    expect(nearby).toContain('`███░░░░░░░` 33%  Yes: 1');
    // A scale: every point in order, and the mean (5, 4, 2).
    const frequency = question(blocks, '*2.');
    expect(frequency).toContain('`███░░░░░░░` 33%  5');
    expect(frequency).toContain('mean: 3.7');
    // A multiple choice: the top 5 of 6 options, the rest counted, shares of those who answered.
    const concerns = question(blocks, '*4.');
    expect(concerns).toContain('*4. ');
    expect(concerns).toContain('(answered: 2)');
    expect(concerns).toMatch(/`██████████` 100%  [^\n]+: 2/);
    expect(concerns).toContain('1 more options on the full page');
    expect(concerns).toContain('several answers per person');
    // Free text and the ranking are on the page only.
    expect(contexts(blocks)[1]).toBe('Questions shown on the full page only (free text, numbers, rankings, places): 2');
    const actions = blocks.find((b) => b.type === 'actions')!;
    expect(actions.elements![0]).toMatchObject({ type: 'button', url: PAGE, text: { text: 'Open the full results' } });
    // Within Block Kit's limits.
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const s of sections(blocks)) expect(s.length).toBeLessThanOrEqual(3000);

    // The link button's press is acknowledged, and nothing is posted.
    const press = await sendSlack(h.app, blockAction('USTAFF01', { action_id: 'wegov_results_page', value: '', text: 'Open the full results', block_id: 'b1' }, '1700000000.000100', 'CTRIAGE'));
    expect(press.status).toBe(200);
    await settle();
    expect(h.api.posts()).toEqual([]);
  });

  it("answers in the staff member's Slack language (the three responses above)", async () => {
    h.api.answers.set('users.info', () => ({ user: { id: 'USTAFFES1', locale: 'es-ES' } }));
    try {
      const body = await command(`results ${ID}`, 'USTAFFES1');
      const blocks = body.blocks!;
      expect(blocks[0]!.text!.text).toBe('Carril bici protegido en Riverside Avenue');
      expect(contexts(blocks)[0]).toBe('Respuestas: 3 · abierta hasta el 31 de enero de 2027 · página pública de resultados: cuando cierre');
      expect(question(blocks, '*3.')).toContain('`███░░░░░░░` 33\u00a0%  Sí: 1');
      expect(question(blocks, '*1.')).toContain('(respondieron: 3)');
      expect(blocks.find((b) => b.type === 'actions')!.elements![0]).toMatchObject({ url: PAGE, text: { text: 'Ver los resultados completos' } });
    } finally {
      h.api.answers.delete('users.info');
    }
  });

  it('without an id lists the consultations with their ids', async () => {
    const body = await command('results');
    expect(body.response_type).toBe('ephemeral');
    expect(body.blocks).toBeUndefined();
    expect(body.text.split('\n')).toEqual([
      '*Consultations: 1*',
      `• \`${ID}\`: Riverside Avenue protected bike lane (open until January 31, 2027)`,
      `To see one's results, type \`/wegov results <id>\`, for example \`/wegov results ${ID}\`.`,
    ]);
  });

  it('an unknown id gets a polite answer, and nothing typed becomes a mention', async () => {
    expect((await command('results no-such-thing')).text).toBe("I don't know a consultation with the id no-such-thing. Type `/wegov results` to see the list of consultations and their ids.");
    expect((await command('results <!channel>')).text).toContain('the id &lt;!channel&gt;.');
  });

  it('is in the help', async () => {
    expect((await command('help')).text).toContain('`/wegov results <id>`');
  });
});
