/**
 * A staff member answers the demo city's (public) consultation in a Slack DM, on Redis at a
 * fixed time while it is open: reached from the menu ("Have your say"), every question answered
 * with Block Kit buttons (ticks and Done for the multiple choice, Other with typed text, the
 * ranking picked button by button, the age band skipped), typed text where text is asked, the
 * review, and the response in the submissions file as a `consultation_response` from Slack.
 */
import { eventually, submissionLines } from '../../server/harness';
import { choiceIds, dmPress, dmSay, type DmStep } from './dm-driver';
import { buttonsOf, startSlack, textOf, type SlackHarness } from './support';

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

  it('is reached from the menu and answered with Block Kit buttons', async () => {
    const user = `UCONS${Math.floor(Math.random() * 1_000_000)}`;
    let step: DmStep = await dmSay(h, user, 'hello');
    const press = async (id: string): Promise<DmStep> => (step = await dmPress(h, user, step.question!, id));
    const say = async (text: string): Promise<DmStep> => (step = await dmSay(h, user, text));
    const label = (id: string): string | undefined => buttonsOf(step.question).find((b) => b.value.endsWith(`:${id}`))?.text;

    expect(label('consultation')).toBe('Have your say: Riverside Avenue protected bike lane');
    await press('consultation');
    expect(step.posts.map(textOf).join('\n')).toContain('Public Works plans a protected bike lane on Riverside Avenue');
    expect(choiceIds(step.question)).toEqual(['avenue', 'elm-street', 'river-path']);
    await press('elm-street');

    expect(choiceIds(step.question)).toEqual(['1', '2', '3', '4', '5']);
    await press('5');
    expect(choiceIds(step.question)).toEqual(['yes', 'no']);
    await press('no');

    // Multiple choice: ticks, Other with typed text, Done.
    await press('buses');
    expect(label('buses')).toMatch(/^✓ /);
    await press('_other');
    await say('Snow clearing in winter');
    expect(label('_other')).toBe('✓ Other: Snow clearing in winter');
    await press('_done');

    // The condition opened "tell us more": typed.
    expect(choiceIds(step.question)).toEqual(['_skip']);
    await say('Buses stop in the bike lane today.');

    expect(choiceIds(step.question)).toEqual(['one-side', 'time-limits', 'side-streets', 'garage']);
    await press('side-streets');
    await press('garage');
    await press('one-side');

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
