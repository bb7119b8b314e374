/**
 * Issue 9, finding 5: text enters the core well-formed and without control, bidi or invisible
 * characters, whatever the channel sent. Through the real express app (web chat) and the real
 * runtime on the memory store; the agency's copy (the submissions file) is what is checked.
 */
import { deliverStatusUpdate } from '../../src/runtime/status-updates';
import type { StoredMessage } from '../../src/state/types';
import { createSession, eventually, history, lastQuestion, referenceIn, say, startHarness, submissionLines, type ChatSession, type Harness } from '../server/harness';

const ADDRESS = '1 Main St \u202Etnemtrapa\u202C \uD83D'; // a bidi override and a lone surrogate
const DESCRIPTION = 'Deep\u200B hole\u0007 near the\r\nschool \u{1F469}\u200D\u{1F4BB}';

/** Files a report answering the location question with typed text; returns the chat and its reference. */
async function fileWithTypedAddress(h: Harness): Promise<{ s: ChatSession; reference: string }> {
  const s = await createSession(h.app);
  const all: StoredMessage[] = [...s.messages];
  let q = lastQuestion(all);
  const answer = async (body: object): Promise<void> => {
    const got = await say(h.app, s, body);
    all.push(...got);
    q = lastQuestion(got);
  };
  await answer({ choice: 'report' });
  for (let guard = 0; guard < 30; guard++) {
    const ids = q.choices?.map((c) => c.id) ?? [];
    if (ids.includes('_submit')) {
      await answer({ choice: '_submit' });
      return { s, reference: referenceIn(all) };
    }
    if (ids.includes('_new')) await answer({ choice: '_new' }); // a nearby report's offer: "No, mine is new"
    else if (ids.includes('pothole')) await answer({ choice: 'pothole' });
    else if (ids.includes('streets')) await answer({ choice: 'streets' });
    else if (ids.includes('small')) await answer({ choice: 'small' });
    else if (ids.includes('anonymous')) await answer({ choice: 'anonymous' });
    else if (q.expects === 'location') await answer({ text: ADDRESS });
    else if (q.expects === 'photo' || ids.includes('_skip')) await answer({ choice: '_skip' });
    else if (ids.includes('yes')) await answer({ choice: 'yes' });
    else if (q.expects === 'text') await answer({ text: DESCRIPTION });
    else throw new Error(`don't know how to answer: ${JSON.stringify(q)}`);
  }
  throw new Error('report did not reach the review');
}

describe('text at the boundary (runTurn)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness('memory');
  });
  afterEach(() => h.close());

  it('stores a typed address (as the geocoder names it) and a description well-formed, without bidi, control or zero-width characters', async () => {
    const { reference } = await fileWithTypedAddress(h);
    const line = await eventually(() => submissionLines(h.submissionsFile)[0]);
    const report = line.payload as { reference: string; location: { lat: number; lon: number; address: string }; description: string };
    expect(report.reference).toBe(reference);
    // The demo city's gazetteer finds the address in what was typed (issue 14); its name is stored.
    expect(report.location).toEqual({ lat: expect.any(Number), lon: expect.any(Number), address: '1 Main St' });
    expect(report.description).toBe('Deep hole near the\nschool \u{1F469}\u200D\u{1F4BB}'); // the emoji keeps its ZWJ
  });

  it("shows the agency's note to the person without control or bidi characters", async () => {
    const { s, reference } = await fileWithTypedAddress(h);
    expect(await deliverStatusUpdate(h.wiring.runtime, { reference, status: 'closed', notes: 'Fixed\u0000 \u2066today\u2069 \uDE00' })).toBe('delivered');
    const shown = (await history(h.app, s)).map((m) => m.text).join('\n');
    expect(shown).toContain('Fixed today \uFFFD');
    expect(shown).not.toMatch(/[\u0000\u2066\u2069]/);
  });
});
