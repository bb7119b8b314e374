/** Staff participation: a direct message with the app is a WeGov conversation (Block Kit buttons, typed address). */
import { choiceIds, dmPress, dmSay, type DmStep } from './dm-driver';
import { BOT_USER_ID, blockAction, buttonsOf, dmChannelOf, eventCallback, imMessage, sendSlack, settle, startSlack, textOf, waitFor, type SlackHarness } from './support';
import { deliverStatusUpdate } from '../../../src/runtime/status-updates';
import { referenceIn, submissionLines } from '../../server/harness';

describe('Slack direct messages', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlack('memory');
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(() => h.api.clear());

  it('turns a DM into a turn and posts the reply as Block Kit with one button per choice', async () => {
    const { posts, question } = await dmSay(h, 'UDM00001', 'hello');
    const last = posts[posts.length - 1]!;
    expect(last.method).toBe('chat.postMessage');
    expect(last.body).toMatchObject({ channel: dmChannelOf('UDM00001'), text: 'What would you like to do?' });
    expect((last.body.blocks as { type: string }[]).map((b) => b.type)).toEqual(['section', 'actions']);
    // One button per choice, in menu order; the demo city's consultation and volunteering are on the
    // menu while it is open and shifts are ahead (real clock); adopting a drain or tree always is.
    const buttons = buttonsOf(question);
    expect(buttons.map((b) => b.action_id)).toEqual(buttons.map((_, i) => `wegov_choice:${String(i)}`));
    expect(buttons.map((b) => b.value.replace(/^\d+:/, '')).filter((id) => id !== 'consultation' && id !== 'volunteer')).toEqual(['report', 'adopt', 'language', 'help']);
    expect(buttons.every((b) => /^\d+:/.test(b.value) && b.text !== '')).toBe(true);
    const conv = await h.wiring.runtime.store.load('slack:TCITY01:UDM00001');
    expect(conv.conversation).not.toBeNull();
  });

  it("speaks the person's Slack language (users.info locale) until they pick one", async () => {
    h.api.answers.set('users.info', (body) => (body.user === 'UDMSPAIN1' ? { user: { id: 'UDMSPAIN1', locale: 'es-ES' } } : undefined));
    try {
      const { posts } = await dmSay(h, 'UDMSPAIN1', 'hola');
      expect(textOf(posts[posts.length - 1])).toBe('¿Qué te gustaría hacer?');
      expect(h.api.calls.find((c) => c.method === 'users.info')?.body).toMatchObject({ user: 'UDMSPAIN1', include_locale: 'true' });
    } finally {
      h.api.answers.delete('users.info');
    }
  });

  it('a pressed button replaces the buttons with the answer and asks the next question', async () => {
    const menu = await dmSay(h, 'UDM00002', 'hello');
    h.api.clear();
    const next = await dmPress(h, 'UDM00002', menu.question!, 'report', '1700000123.000200');
    const update = h.api.calls.find((c) => c.method === 'chat.update');
    expect(update?.body).toMatchObject({ channel: dmChannelOf('UDM00002'), ts: '1700000123.000200', text: 'What would you like to do?' });
    expect(JSON.stringify(update?.body.blocks)).toMatch(/You answered: /);
    expect(buttonsOf(update)).toEqual([]);
    expect(textOf(next.question)).toMatch(/What kind of problem/);
    expect(choiceIds(next.question)).toEqual(expect.arrayContaining(['streets', 'waste']));
  });

  it('an old button is answered "that question is closed" and never reaches the dialog', async () => {
    const user = 'UDM00003';
    const menu = await dmSay(h, user, 'hello');
    await dmPress(h, user, menu.question!, 'report');
    const before = (await h.wiring.runtime.store.load(`slack:TCITY01:${user}`)).conversation?.version;
    h.api.clear();
    const old = buttonsOf(menu.question).find((b) => b.value.endsWith(':language'))!;
    expect((await sendSlack(h.app, blockAction(user, old, '1700000000.000100'))).status).toBe(200);
    const notice = await waitFor(() => h.api.calls.find((c) => c.method === 'chat.postEphemeral'));
    expect(notice.body).toMatchObject({ channel: dmChannelOf(user), user, text: 'That question is closed: please answer the latest one.' });
    await settle();
    expect(h.api.posts()).toEqual([]);
    expect((await h.wiring.runtime.store.load(`slack:TCITY01:${user}`)).conversation?.version).toBe(before);
  });

  it('files a whole report from Slack: a typed address for the location, Skip for the photo', async () => {
    const user = 'UDM00004';
    let step: DmStep = await dmSay(h, user, 'hello');
    step = await dmPress(h, user, step.question!, 'report');
    let sawLocation = false;
    let sawPhoto = false;
    for (let guard = 0; guard < 30; guard++) {
      const ids = choiceIds(step.question);
      const asked = textOf(step.posts[step.posts.length - 1]);
      if (ids.includes('_submit')) {
        step = await dmPress(h, user, step.question!, '_submit');
        break;
      }
      if (ids.includes('_new')) step = await dmPress(h, user, step.question!, '_new');
      else if (ids.includes('streets')) step = await dmPress(h, user, step.question!, 'streets');
      else if (ids.includes('pothole')) step = await dmPress(h, user, step.question!, 'pothole');
      else if (ids.includes('small')) step = await dmPress(h, user, step.question!, 'small');
      else if (ids.includes('anonymous')) step = await dmPress(h, user, step.question!, 'anonymous');
      else if (/type the address/.test(asked)) {
        sawLocation = true;
        step = await dmSay(h, user, '200 Main Street');
      } else if (/Photos cannot be sent/.test(asked)) {
        sawPhoto = true;
        step = await dmPress(h, user, step.question!, '_skip');
      } else if (ids.includes('no') && ids.includes('_skip')) step = await dmPress(h, user, step.question!, 'no');
      else if (ids.includes('yes') && ids.includes('no')) step = await dmPress(h, user, step.question!, 'yes');
      else step = await dmSay(h, user, 'A deep pothole <!channel> & more');
    }
    // The typed description comes back in the review, escaped: no @channel ping, no hidden link.
    const sent = h.api.calls.map((c) => JSON.stringify([c.body.text, c.body.blocks])).join('\n');
    expect(sent).toContain('A deep pothole &lt;!channel&gt; &amp; more');
    expect(sent).not.toContain('<!channel>');
    expect(sawLocation).toBe(true);
    expect(sawPhoto).toBe(true);
    const reference = referenceIn(step.posts.map((p) => ({ id: '0.0', from: 'bot' as const, text: textOf(p), expects: 'none' as const, lang: 'en', createdAt: '' })));
    expect(reference).toMatch(/-/);
    const line = await waitFor(() => submissionLines(h.submissionsFile).find((l) => (l.payload as { reference?: string }).reference === reference));
    // The demo city's gazetteer finds the typed address (issue 14): its point and its name are stored.
    expect(line.payload).toMatchObject({ channel: 'slack', location: { lat: expect.any(Number), lon: expect.any(Number), address: '200 Main St' } });

    // The agency's answer reaches the staff member back in their DM.
    h.api.clear();
    expect(await deliverStatusUpdate(h.wiring.runtime, { reference, status: 'closed', notes: 'Filled on Friday' })).toBe('delivered');
    const update = await waitFor(() => h.api.posts().find((p) => textOf(p).includes(reference)));
    expect(update.body.channel).toBe(user);
    expect(textOf(update)).toContain('it is now closed');
    expect(textOf(update)).toContain('Filled on Friday');
  });

  it("ignores the bot's own messages, edits and messages in channels", async () => {
    await sendSlack(h.app, eventCallback(imMessage(BOT_USER_ID, 'my own reply')));
    await sendSlack(h.app, eventCallback(imMessage('UDM00006', 'from a bot', { bot_id: 'BOTHER' })));
    await sendSlack(h.app, eventCallback(imMessage('UDM00006', 'edited', { subtype: 'message_changed' })));
    await sendSlack(h.app, eventCallback({ type: 'message', channel: 'CPUBLIC1', channel_type: 'channel', user: 'UDM00006', text: 'hello', ts: '1.1' }));
    await settle(300);
    expect(h.api.calls).toEqual([]);
    expect((await h.wiring.runtime.store.load('slack:TCITY01:UDM00006')).conversation).toBeNull();
    expect((await h.wiring.runtime.store.load(`slack:TCITY01:${BOT_USER_ID}`)).conversation).toBeNull();
  });

  it('an error inside handling is answered politely and the app keeps serving', async () => {
    const spy = jest.spyOn(h.wiring.runtime.store, 'commit').mockRejectedValueOnce(new Error('boom'));
    await sendSlack(h.app, eventCallback(imMessage('UDM00007', 'hello')));
    const sorry = await waitFor(() => h.api.posts()[0]);
    expect(sorry.body).toMatchObject({ channel: dmChannelOf('UDM00007'), text: expect.stringMatching(/^Sorry, something went wrong/) });
    spy.mockRestore();
    h.api.clear();
    const again = await dmSay(h, 'UDM00007', 'hello');
    expect(choiceIds(again.question)).toContain('report');
  });

  it('splits a text longer than a section allows into several messages', async () => {
    const { toSlack } = await import('../../../adapters/slack/render');
    const long = `${'word '.repeat(1500)}`;
    const parts = toSlack({ id: '000000000003.000', from: 'bot', text: long, expects: 'choice', choices: [{ id: 'a', label: 'A' }], lang: 'en', createdAt: '' }, h.wiring.runtime.i18n);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) for (const b of p.blocks) if (b.type === 'section') expect((b.text?.text ?? '').length).toBeLessThanOrEqual(3000);
    expect(buttonsOf({ method: 'x', body: parts[parts.length - 1] as unknown as Record<string, unknown> })).toHaveLength(1);
    expect(buttonsOf({ method: 'x', body: parts[0] as unknown as Record<string, unknown> })).toHaveLength(0);
  });
});
