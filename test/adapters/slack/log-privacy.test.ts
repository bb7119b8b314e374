/**
 * Nothing secret or personal from Slack reaches the log, at the most verbose level: not the bot
 * token, the signing secret, nor what staff type in a DM or a command, through a whole report
 * in a DM, a slash command, a badly signed request and a failing Web API call.
 */
import { Writable } from 'node:stream';
import { choiceIds, dmPress, dmSay, type DmStep } from './dm-driver';
import { BOT_TOKEN, eventCallback, imMessage, sendSlack, SIGNING_SECRET, slashCommand, startSlack, waitFor, type SlackHarness } from './support';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

it('logs no token, secret or staff text', async () => {
  const log = new Capture();
  const h: SlackHarness = await startSlack('memory', {}, log);
  try {
    const user = 'ULOGPRIV1';
    let step: DmStep = await dmSay(h, user, 'hello from Wilhelmina Okonkwo-Baptiste');
    // A report through the DM: by buttons and typed answers, the address and description are personal.
    for (let guard = 0; guard < 25; guard++) {
      const last = step.posts[step.posts.length - 1];
      const ids = choiceIds(step.question === last ? step.question : undefined);
      const next = ids.find((id) => ['_new', 'report', 'streets', 'pothole', 'small', '_skip', 'anonymous', '_submit'].includes(id));
      if (next === '_submit') {
        step = await dmPress(h, user, step.question!, next);
        break;
      }
      if (next !== undefined) step = await dmPress(h, user, step.question!, next);
      else if (/where/i.test(JSON.stringify(last?.body.text))) step = await dmSay(h, user, '17 Hillside Dr, the Larkspur house'); // found in the demo gazetteer (issue 14)
      else step = await dmSay(h, user, 'Leaking hydrant by the Quesadilla Palace');
    }
    // The report went through (its reference was posted).
    expect(h.api.posts().some((p) => /\bWG-[2-9A-Z]{6}\b/.test(JSON.stringify(p.body)))).toBe(true);
    await dmSay(h, user, 'Leaking hydrant by the Quesadilla Palace');

    h.api.failNext('chat.postMessage', 'internal_error');
    await sendSlack(h.app, eventCallback(imMessage(user, 'my phone is 555-0199-7788')));
    const before = h.api.responses.length;
    await sendSlack(h.app, slashCommand(user, 'status WG-ZZZZZZ Wilhelmina'));
    await waitFor(() => h.api.responses.length > before);
    await sendSlack(h.app, eventCallback(imMessage(user, 'forged Quesadilla')), { secret: 'not-the-secret-0123456789abcdef' });

    expect(log.text.length).toBeGreaterThan(0);
    for (const secret of [BOT_TOKEN, SIGNING_SECRET, 'Wilhelmina', 'Okonkwo', 'Larkspur', 'Quesadilla', '555-0199']) {
      expect(log.text).not.toContain(secret);
    }
  } finally {
    await h.close();
  }
});
