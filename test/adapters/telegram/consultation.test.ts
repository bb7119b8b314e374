/**
 * The demo city's consultation answered end to end through the real Telegram adapter, on Redis,
 * at a fixed time while it is open: a `/start consultation_<id>` deep link, then every question
 * by inline buttons the way a person would (the 1-5 scale on one row, ticks and Done for the
 * multiple choice, Other with typed text, the ranking picked button by button, the age band
 * skipped), the review, the thanks in the person's Telegram language, and the response in the
 * submissions file as a `consultation_response` without the Telegram identity.
 */
import { eventually, submissionLines } from '../../server/harness';
import { buttons, dataFor, deliver, startTelegram, type Seen, type TelegramHarness } from './support';
import { callbackUpdate, commandUpdate, textUpdate, type Person } from './updates';

/** Inside the window (opens 2026-11-15 09:00, closes 2027-01-31 18:00 Riverside time). */
const NOW = new Date('2026-12-01T15:00:00.000Z');
const CONSULTATION = 'riverside-avenue-bike-lane';

const runs = [
  { language_code: 'en-US', locale: 'en', thanks: 'Thank you! Your response to "Riverside Avenue protected bike lane" was recorded.', other: 'Snow clearing in winter', detail: 'The junction at 5th is already dangerous.' },
  { language_code: 'es', locale: 'es', thanks: '¡Gracias! Tu respuesta a «Carril bici protegido en Riverside Avenue» quedó registrada.', other: 'La nieve en invierno', detail: 'Las furgonetas de reparto bloquean el carril.' },
] as const;

describe('the demo consultation over Telegram (Redis, fixed clock)', () => {
  let h: TelegramHarness;
  beforeAll(async () => {
    h = await startTelegram('redis', { now: () => NOW });
  });
  afterAll(async () => {
    await h.close();
  });

  it.each(runs)('is answered by buttons from a deep link ($language_code)', async (run) => {
    const person: Person = { id: 7_000_000 + Math.floor(Math.random() * 1_000_000), first_name: 'Ana', language_code: run.language_code };
    let last: Seen | undefined;
    const step = async (update: unknown): Promise<Seen[]> => {
      const { seen } = await deliver(h, update);
      last = [...seen].reverse().find((m) => m.reply_markup?.inline_keyboard) ?? seen[seen.length - 1];
      return seen;
    };
    const press = (id: string): Promise<Seen[]> => step(callbackUpdate(person, dataFor(last, id), last!.messageId));
    const ids = (): string[] => buttons(last).map((b) => b.data.slice(b.data.indexOf(':') + 1));

    const opened = await step(commandUpdate(person, `/start consultation_${CONSULTATION}`));
    expect(opened.map((m) => m.text).join('\n')).toContain(run.locale === 'es' ? 'Carril bici protegido en Riverside Avenue' : 'Riverside Avenue protected bike lane');
    expect(ids()).toEqual(['avenue', 'elm-street', 'river-path']);
    await press('avenue');

    // The 1-5 scale: one row of five buttons.
    expect(last!.reply_markup!.inline_keyboard!.map((row) => row.map((b) => b.text))).toEqual([['1', '2', '3', '4', '5']]);
    await press('4');

    expect(ids()).toEqual(['yes', 'no']);
    await press('yes');

    // Multiple choice: a tick per pick, Other with typed text, then Done.
    expect(ids()).toEqual(expect.arrayContaining(['parking', 'junctions', '_other', '_done', '_skip']));
    await press('parking');
    expect(buttons(last).find((b) => b.data.endsWith(':parking'))?.text).toMatch(/^✓ /);
    await press('junctions');
    await press('_other');
    expect(ids()).toEqual(['_skip']);
    await step(textUpdate(person, run.other));
    expect(buttons(last).find((b) => b.data.endsWith(':_other'))?.text).toBe(`✓ ${run.locale === 'es' ? 'Otro' : 'Other'}: ${run.other}`);
    await press('_done');

    // The condition opened "tell us more": a long text, typed.
    expect(ids()).toEqual(['_skip']);
    await step(textUpdate(person, run.detail));

    // Ranking by buttons: three picks, the fourth follows.
    expect(ids()).toEqual(['one-side', 'time-limits', 'side-streets', 'garage']);
    await press('garage');
    await press('one-side');
    await press('time-limits');

    // The age band, skipped; then the review.
    expect(ids()).toEqual(expect.arrayContaining(['35-54', '_skip']));
    await press('_skip');
    expect(ids()).toContain('_submit');
    expect(last!.text).toContain(run.detail);

    const done = await press('_submit');
    expect(done.map((m) => m.text)).toContain(run.thanks);

    const line = await eventually(() =>
      submissionLines(h.submissionsFile).find((l) => (l as { kind?: string }).kind === 'consultation_response' && JSON.stringify(l).includes(run.detail)),
    );
    expect(line.payload).toMatchObject({
      consultationId: CONSULTATION,
      agencyId: 'public-works',
      locale: run.locale,
      channel: 'telegram',
      answers: {
        route: 'avenue',
        frequency: 4,
        'lives-nearby': true,
        'concerns-detail': run.detail,
        'parking-tradeoffs': ['garage', 'one-side', 'time-limits', 'side-streets'],
        'age-band': null,
      },
    });
    expect(JSON.stringify((line.payload as { answers: Record<string, unknown> }).answers.concerns)).toContain(run.other);
    // The response carries a pseudonymous participant id, never the Telegram identity.
    expect(line.payload).toMatchObject({ participant: expect.any(String) });
    expect(JSON.stringify(line.payload)).not.toContain(String(person.id));
    // Nor does the file's line name the chat (it used to carry the conversation id, tg:<id>).
    expect(JSON.stringify(line)).not.toContain(String(person.id));
  });
});
