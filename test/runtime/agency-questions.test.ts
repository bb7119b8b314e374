/**
 * "Ask the reporter" through the real runtime and web chat API: the question reaches the
 * reporter in their language, their next typed message goes back to the agency as a
 * `reporter_answer` submission (routed to the sink that asked), and the conversation carries on.
 */
import { askReporter } from '../../src/runtime/agency-questions';
import { createSession, eventually, fileReport, history, referenceIn, RIVERSIDE_PIN, say, startHarness, submissionLines, type Harness } from '../server/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness('memory');
});
afterAll(async () => {
  await h?.close();
});

async function reported(locale = 'en') {
  const s = await createSession(h.app, { locale });
  const reference = referenceIn(await fileReport(h.app, s, { ...RIVERSIDE_PIN, description: 'Pothole outside the library', contact: null }));
  return { s, reference };
}

it('the question reaches the reporter in Spanish; their next message goes back as the answer; then back to the menu', async () => {
  const { s, reference } = await reported('es');
  const before = (await history(h.app, s)).length;
  expect(await askReporter(h.wiring.runtime, { reference, question: 'Is it on the north or the south side?', questionId: 'q-1', replyTo: 'sub-x@public-works.0' })).toBe('delivered');
  const asked = (await history(h.app, s)).slice(before);
  expect(asked).toHaveLength(1);
  expect(asked[0]!.text).toContain(`El equipo que atiende tu reporte ${reference}`);
  expect(asked[0]!.text).toContain('Is it on the north or the south side?');
  expect(asked[0]!.expects).toBe('text');

  const reply = await say(h.app, s, { text: 'South side, by the bus stop' });
  expect(reply.map((m) => m.text).join('\n')).toContain(`Gracias: tu respuesta sobre ${reference}`);
  const answer = await eventually(() => submissionLines(h.submissionsFile).find((l) => (l as unknown as { kind?: string }).kind === 'reporter_answer' || JSON.stringify(l).includes('South side')));
  expect(JSON.stringify(answer)).toContain('South side, by the bus stop');
  expect(JSON.stringify(answer)).toContain('"replyTo":"sub-x@public-works.0"');

  // The next text is an ordinary message again (the menu understands "report").
  const next = await say(h.app, s, { text: 'another thing entirely' });
  expect(next.map((m) => m.text).join('\n')).not.toContain('Gracias: tu respuesta');
});

it('the same question pushed twice is asked once; a command while it waits still works and keeps it waiting', async () => {
  const { s, reference } = await reported();
  const q = { reference, question: 'Can you send a closer photo?', questionId: 'q-2', replyTo: 'sub-y@public-works.0' };
  await askReporter(h.wiring.runtime, q);
  const before = (await history(h.app, s)).length;
  await askReporter(h.wiring.runtime, q);
  expect(await history(h.app, s)).toHaveLength(before);

  const help = await say(h.app, s, { text: 'help' });
  expect(help.map((m) => m.text).join('\n')).not.toContain('passed on to the team');
  const answered = await say(h.app, s, { text: 'I will take one tomorrow' });
  expect(answered.map((m) => m.text).join('\n')).toContain(`your answer about ${reference} has been passed on to the team`);
});

it('an unknown reference is reported as such; "delete my data" drops a waiting question', async () => {
  expect(await askReporter(h.wiring.runtime, { reference: 'WG-ZZZZZZ', question: 'Hello?', questionId: 'q-3', replyTo: 'x@y.0' })).toBe('unknown_reference');
  const { s, reference } = await reported();
  await askReporter(h.wiring.runtime, { reference, question: 'Still there?', questionId: 'q-4', replyTo: 'sub-z@public-works.0' });
  await say(h.app, s, { text: 'delete my data' });
  const confirm = await say(h.app, s, { choice: 'yes' });
  expect(confirm.map((m) => m.text).join('\n')).toContain('your data in this chat has been deleted');
  const after = await say(h.app, s, { text: 'hello there' });
  expect(after.map((m) => m.text).join('\n')).not.toContain('passed on to the team');
});
