/**
 * A staff member answers the demo city's (public) consultation in a Slack DM, on Redis at a
 * fixed time while it is open: reached from the menu ("Have your say"), every question answered
 * with Block Kit's native controls (radio buttons for the route, checkboxes ticked, unticked and
 * Done for the multiple choice with Other and its typed text, the scale's buttons on one row, the
 * ranking picked button by button, the age band's radio buttons skipped with the Skip button),
 * typed text where text is asked, the review, and the response in the submissions file as a
 * `consultation_response` from Slack. A radio button of a question already answered is refused
 * like a stale button.
 */
import { eventually, submissionLines } from '../../server/harness';
import { choiceIds, dmPress, dmSay, dmSelect, dmTick, optionIds, tickedIds, type DmStep } from './dm-driver';
import { buttonsOf, controlOf, startSlack, textOf, type SlackCall, type SlackHarness } from './support';

/** Inside the window (opens 2026-11-15 09:00, closes 2027-01-31 18:00 Riverside time). */
const NOW = new Date('2026-12-01T15:00:00.000Z');

describe('the demo consultation in a Slack DM (Redis, fixed clock)', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlack('redis', {}, undefined, () => NOW);
  });
  afterAll(async () => {
    await h.close();
  });

  it('is reached from the menu and answered with radio buttons, checkboxes and buttons', async () => {
    const user = `UCONS${Math.floor(Math.random() * 1_000_000)}`;
    let step: DmStep = await dmSay(h, user, 'hello');
    const press = async (id: string): Promise<DmStep> => (step = await dmPress(h, user, step.question!, id));
    const select = async (id: string): Promise<DmStep> => (step = await dmSelect(h, user, step.question!, id));
    const tick = async (ids: string[]): Promise<DmStep> => (step = await dmTick(h, user, step.question!, ids));
    const say = async (text: string): Promise<DmStep> => (step = await dmSay(h, user, text));
    const label = (id: string): string | undefined => buttonsOf(step.question).find((b) => b.value.endsWith(`:${id}`))?.text;
    const answered = (call: SlackCall | undefined): string => JSON.stringify(call?.body.blocks ?? []);

    expect(label('consultation')).toBe('Have your say: Riverside Avenue protected bike lane');
    await press('consultation');
    expect(step.posts.map(textOf).join('\n')).toContain('Public Works plans a protected bike lane on Riverside Avenue');
    // One answer: radio buttons, no buttons left over.
    expect(controlOf(step.question)?.type).toBe('radio_buttons');
    expect(optionIds(step.question)).toEqual(['avenue', 'elm-street', 'river-path']);
    expect(choiceIds(step.question)).toEqual([]);
    const routeQuestion = step.question!;
    await select('elm-street');
    // The radio buttons give way to the answer.
    expect(step.updates).toHaveLength(1);
    expect(answered(step.updates[0])).toContain('You answered: Elm Street, one block east (quieter, 400 m longer)');
    expect(controlOf(step.updates[0])).toBeUndefined();

    // The scale stays a row of buttons.
    expect(controlOf(step.question)).toBeUndefined();
    expect(choiceIds(step.question)).toEqual(['1', '2', '3', '4', '5']);
    expect((step.question!.body.blocks as { type: string }[]).filter((b) => b.type === 'actions')).toHaveLength(1);
    // The route's radio buttons, still on screen, are refused now, like a stale button.
    const stale = await dmSelect(h, user, routeQuestion, 'avenue');
    expect(stale.posts).toEqual([]);
    expect(h.api.calls.filter((c) => c.method === 'chat.postEphemeral').map((c) => c.body.text)).toContain('That question is closed: please answer the latest one.');
    await press('5');
    expect(choiceIds(step.question)).toEqual(['yes', 'no']);
    await press('no');

    // Multiple choice: checkboxes (Other one of them), Done and Skip as buttons.
    expect(controlOf(step.question)?.type).toBe('checkboxes');
    expect(optionIds(step.question)).toEqual(['parking', 'deliveries', 'junctions', 'buses', 'construction', '_other']);
    expect(choiceIds(step.question)).toEqual(expect.arrayContaining(['_done']));
    await tick(['buses']);
    // Ticked in place: the same message, the box ticked with its plain label.
    expect(step.posts).toEqual([]);
    expect(tickedIds(step.question)).toEqual(['buses']);
    expect(controlOf(step.question)?.options.find((o) => o.value.endsWith(':buses'))?.text.text).toBe('Bus stops and buses');
    await tick(['buses', 'parking']);
    expect(tickedIds(step.question)).toEqual(['parking', 'buses']);
    await tick(['buses', 'parking', 'junctions']);
    expect(tickedIds(step.question)).toEqual(['parking', 'junctions', 'buses']);
    // Several changes in one event (as a multi-select sends them), at the maximum of 3: buses and
    // junctions unticked, deliveries ticked.
    await tick(['parking', 'deliveries']);
    expect(tickedIds(step.question)).toEqual(['parking', 'deliveries']);
    // Unticked: parking and deliveries are no longer picked.
    await tick(['buses']);
    expect(tickedIds(step.question)).toEqual(['buses']);
    // Other asks for its text, then the question comes back with both ticked.
    await tick(['buses', '_other']);
    expect(step.posts.map(textOf).join('\n')).toContain('What worries you about the project?');
    await say('Snow clearing in winter');
    expect(tickedIds(step.question)).toEqual(['buses', '_other']);
    expect(controlOf(step.question)?.options.find((o) => o.value.endsWith(':_other'))?.text.text).toBe('Other: Snow clearing in winter');
    await press('_done');
    expect(answered(step.updates[0])).toContain('You answered: Bus stops and buses, Other: Snow clearing in winter');

    // The condition opened "tell us more": typed.
    expect(choiceIds(step.question)).toEqual(['_skip']);
    await say('Buses stop in the bike lane today.');

    expect(choiceIds(step.question)).toEqual(['one-side', 'time-limits', 'side-streets', 'garage']);
    await press('side-streets');
    await press('garage');
    await press('one-side');

    // The age band: radio buttons, and Skip as a button after them.
    expect(controlOf(step.question)?.type).toBe('radio_buttons');
    expect(optionIds(step.question)).toEqual(['under-18', '18-34', '35-54', '55-74', '75-plus']);
    expect(choiceIds(step.question)).toContain('_skip');
    await press('_skip');
    expect(choiceIds(step.question)).toContain('_submit');
    await press('_submit');
    expect(step.posts.map(textOf)).toContain('Thank you! Your response to "Riverside Avenue protected bike lane" was recorded.');

    const line = await eventually(() =>
      submissionLines(h.submissionsFile).find((l) => (l as { kind?: string }).kind === 'consultation_response' && JSON.stringify(l).includes('Buses stop in the bike lane')),
    );
    expect(line.payload).toMatchObject({
      consultationId: 'riverside-avenue-bike-lane',
      agencyId: 'public-works',
      locale: 'en',
      channel: 'slack',
      participant: expect.any(String),
      answers: {
        route: 'elm-street',
        frequency: 5,
        'lives-nearby': false,
        concerns: ['buses', { other: 'Snow clearing in winter' }],
        'concerns-detail': 'Buses stop in the bike lane today.',
        'parking-tradeoffs': ['side-streets', 'garage', 'one-side', 'time-limits'],
        'age-band': null,
      },
    });
    expect(JSON.stringify(line.payload)).not.toContain(user);
  });
});
