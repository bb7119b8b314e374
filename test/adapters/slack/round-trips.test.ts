/**
 * Issue 15's "one round trip per ordinary turn" in a staff member's Slack DM, through the real
 * app on Redis, counting every connection a press may use (Wiring.redisRoundTrips): a pressed
 * button, radio button or Done is one call, its commit. The answered question's message is
 * rebuilt from the message Slack sends with the press (answered-message.ts), not read from the
 * transcript, and says the same as the transcript's copy would. A payload without the message's
 * blocks still marks the question answered, reading the transcript (one call more).
 */
import { turnTrips } from '../../support/turn-trips';
import { choiceIds, dmPress, dmSay, dmSelect, dmTick, optionIds } from './dm-driver';
import { blockAction, buttonsOf, controlOf, sendSlack, startSlack, textOf, waitFor, type SlackCall, type SlackHarness } from './support';

const CONSULTATION_DAY = new Date('2026-11-20T12:00:00Z');

/** The text of an answered message (its sections and the "You answered" line). */
const answered = (update: SlackCall | undefined): string => JSON.stringify(update?.body.blocks ?? []);

describe('Redis round trips of a Slack DM press', () => {
  let h: SlackHarness;
  /** The answered menu as the payload path made it (first test), for the transcript path to match. */
  let fromPayload: unknown;
  beforeAll(async () => {
    h = await startSlack('redis', {}, undefined, () => CONSULTATION_DAY);
    // The connections' first calls (the clock, a block of references) out of the way.
    await dmSay(h, 'URTWARM01', 'hello');
  });
  afterAll(() => h.close());

  const trips = (before: Record<string, number>): Record<string, number> => turnTrips(h.wiring, before);
  /** The round-trip counts now, once the relay has handed over what earlier turns submitted (its calls are not the next press's). */
  const counts = async (): Promise<Record<string, number>> => {
    await h.wiring.relay.idle();
    return { ...h.wiring.redisRoundTrips().byOperation };
  };

  it('a button press is one call (its commit), and the question is marked answered from the payload', async () => {
    const user = 'URTBTN001';
    const menu = await dmSay(h, user, 'hello');
    expect(choiceIds(menu.question)).toContain('report');
    const before = await counts();
    const next = await dmPress(h, user, menu.question!, 'report', '1700000200.000100');
    expect(trips(before)).toEqual({ commit: 1 });
    expect(next.updates).toHaveLength(1);
    const update = next.updates[0];
    expect(update?.body).toMatchObject({ ts: '1700000200.000100', text: 'What would you like to do?' });
    expect(buttonsOf(update)).toEqual([]);
    expect(answered(update)).toMatch(/What would you like to do\?/);
    expect(answered(update)).toMatch(/You answered: Report a problem/);
    expect(textOf(next.question)).toMatch(/What kind of problem/);
    fromPayload = update?.body.blocks;
  });

  it('a payload without the message\'s blocks reads the transcript (one call more) and marks the same answer', async () => {
    const user = 'URTBTN002';
    const menu = await dmSay(h, user, 'hello');
    const button = buttonsOf(menu.question).find((b) => b.value.endsWith(':report'))!;
    const before = await counts();
    const start = h.api.calls.length;
    const res = await sendSlack(h.app, blockAction(user, button, '1700000201.000100'));
    expect(res.status).toBe(200);
    await waitFor(() => h.api.calls.slice(start).some((c) => c.method === 'chat.update'));
    await h.wiring.slack!.dm.idle();
    expect(trips(before)).toEqual({ history: 1, commit: 1 });
    const update = h.api.calls.slice(start).find((c) => c.method === 'chat.update');
    expect(buttonsOf(update)).toEqual([]);
    expect(answered(update)).toMatch(/You answered: Report a problem/);
    expect(update?.body.blocks).toEqual(fromPayload);
  });

  it('a radio button and a Done under ticked checkboxes are one call each, and say what was answered', async () => {
    const user = 'URTCNS001';
    const menu = await dmSay(h, user, 'hello');
    let step = await dmPress(h, user, menu.question!, 'consultation');
    // Through the consultation to its first form control (the demo city's: consent, then questions).
    for (let i = 0; i < 10 && controlOf(step.question) === undefined; i++) {
      const ids = choiceIds(step.question);
      const go = ids.find((id) => /^(yes|agree|start|continue|_next)$/.test(id)) ?? ids.find((id) => !id.startsWith('_'));
      if (!go) break;
      step = await dmPress(h, user, step.question!, go);
    }
    let radios = 0;
    let dones = 0;
    for (let i = 0; i < 12 && step.question && (radios === 0 || dones === 0); i++) {
      const control = controlOf(step.question);
      if (control?.type === 'radio_buttons') {
        const option = optionIds(step.question)[0]!;
        const label = control.options[0]!.text.text;
        const before = await counts();
        step = await dmSelect(h, user, step.question, option);
        expect(trips(before)).toEqual({ commit: 1 });
        expect(answered(step.updates[0])).toContain(`You answered: ${label}`);
        radios++;
      } else if (control?.type === 'checkboxes') {
        const [a, b] = optionIds(step.question).filter((id) => id !== '_other');
        const ticked = await dmTick(h, user, step.question, [a!, b!]);
        const labels = controlOf(ticked.question)!.initial_options!.map((o) => o.text.text);
        expect(labels).toHaveLength(2);
        const before = await counts();
        step = await dmPress(h, user, ticked.question!, '_done');
        expect(trips(before)).toEqual({ commit: 1 });
        expect(answered(step.updates[0])).toContain(`You answered: ${labels.join(', ')}`);
        dones++;
      } else {
        const ids = choiceIds(step.question);
        const go = ids.find((id) => !id.startsWith('_')) ?? ids.find((id) => id === '_skip');
        if (!go) break;
        step = await dmPress(h, user, step.question, go);
      }
    }
    expect(radios).toBeGreaterThan(0);
    expect(dones).toBeGreaterThan(0);
  });
});
