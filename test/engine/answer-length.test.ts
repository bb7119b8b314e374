/**
 * Issue 9: every question reads a bounded amount of typed text, and what people see when they
 * type too much (or something that used to cost seconds) is a clear answer, never a stall.
 * Costs are measured by the ReDoS check and the benchmark; this file checks the answers.
 */
import { newSession, type Input, type Session } from '../../src/engine';
import { step } from '../../dialogs';
import { recognizeChoice } from '../../src/engine/prompts/choice';
import { recognizeDatetime } from '../../src/engine/prompts/datetime';
import { recognizeLocation } from '../../src/engine/prompts/location';
import { recognizeNumber } from '../../src/engine/prompts/number';
import type { Text } from '../../src/engine/text';
import { testEnv } from '../support/engine-env';

const text = (t: string): Input => ({ kind: 'text', text: t });
const NOW = new Date('2026-11-26T15:00:00.000Z');

describe('answers of bounded length', () => {
  it('reads coordinates typed with a comma, a semicolon or spaces, and a long run of spaces as an address', async () => {
    const { env } = await testEnv();
    const rules = { boundary: env.catalog.jurisdiction.boundary, areaName: 'Riverside' };
    const ctx = { env, locale: 'en', picks: [] };
    for (const typed of ['30.271234, -97.741234', '30.271234 -97.741234', ' 30.271234;-97.741234 ', '30.271234\n-97.741234', '30.271234 ,  -97.741234']) {
      expect(recognizeLocation(text(typed), rules, ctx)).toEqual({ kind: 'answer', value: { lat: 30.271234, lon: -97.741234 } });
    }
    // A digit and 20,000 spaces took 0.6 s to refuse; now it is a (too short) address at once.
    expect(recognizeLocation(text(`1${' '.repeat(20_000)}`), rules, ctx)).toMatchObject({ kind: 'invalid', code: 'address_too_short' });
    expect(recognizeLocation(text(`Main St${' '.repeat(300)}and 5th`), rules, ctx)).toEqual({ kind: 'answer', value: { address: 'Main St and 5th' } });
    expect(recognizeLocation(text(`Main St ${'x'.repeat(20_000)}`), rules, ctx)).toMatchObject({ kind: 'invalid', code: 'address_too_long' });
  });

  it('refuses a date longer than any date with a message saying so, in the person\'s language', async () => {
    const { i18n } = await testEnv();
    const rules = { timezone: 'America/Chicago' };
    expect(recognizeDatetime(text('yesterday 9pm'), rules, 'en', NOW)).toMatchObject({ kind: 'answer' });
    const tooLong = recognizeDatetime(text(`ayer a las 9 ${'de la noche '.repeat(20)}`), rules, 'es', NOW);
    expect(tooLong).toMatchObject({ kind: 'invalid', code: 'datetime_too_long' });
    const reason = tooLong.kind === 'invalid' ? tooLong.reason : [];
    expect(i18n.renderMessage({ text: reason as Text[], expects: 'text' }, 'es').text).toMatch(/^Es demasiado largo para una fecha/);
    expect(i18n.renderMessage({ text: reason as Text[], expects: 'text' }, 'ar').text).toMatch(/تاريخ/);
    // A digit, spaces and a letter cost chrono's Spanish parser seconds: spaces are collapsed first.
    expect(recognizeDatetime(text(`1${' '.repeat(500)}x`), rules, 'es', NOW)).toMatchObject({ kind: 'invalid', code: 'datetime_invalid' });
    expect(recognizeDatetime(text(`ayer${' '.repeat(500)}a las 9`), rules, 'es', NOW)).toMatchObject({ kind: 'answer' });
  });

  it('reads a number with spaces around it, and refuses text far longer than a number', () => {
    expect(recognizeNumber(text(`  3${' '.repeat(5000)}`), {})).toEqual({ kind: 'answer', value: 3 });
    expect(recognizeNumber(text('9'.repeat(20_000)), {})).toMatchObject({ kind: 'invalid', code: 'number_expected' });
    expect(recognizeNumber(text('1 '.repeat(10_000)), {})).toMatchObject({ kind: 'invalid', code: 'number_expected' });
  });

  it('takes several typed options, refuses an over-long list rather than reading part of it', async () => {
    const { env } = await testEnv();
    const choices = [
      { id: 'trash', label: { literal: 'Trash' }, match: ['trash'] },
      { id: 'recycling', label: { literal: 'Recycling' }, match: ['recycling'] },
    ];
    const ctx = { env, locale: 'en', picks: [] };
    expect(recognizeChoice(text('trash,  recycling'), choices, true, ctx)).toEqual({ kind: 'answer', value: ['trash', 'recycling'] });
    expect(recognizeChoice(text('1     2'), choices, true, ctx)).toEqual({ kind: 'answer', value: ['trash', 'recycling'] });
    expect(recognizeChoice(text('1, '.repeat(60)), choices, true, ctx)).toMatchObject({ kind: 'invalid', code: 'choice_not_understood' });
    expect(recognizeChoice(text(`trash${' '.repeat(20_000)}`), choices, true, ctx)).toMatchObject({ kind: 'invalid', code: 'choice_not_understood' });
  });

  it('still understands a long message at the menu that describes a problem early', async () => {
    const { env } = await testEnv();
    let session: Session = newSession({ id: 'c', channel: 't', locale: 'en', now: env.now() });
    session = step(session, { kind: 'start' }, env).session;
    const long = `There is a huge pothole on Elm Street. ${'It has been there for weeks and nobody came. '.repeat(450)}`;
    expect(long.length).toBeGreaterThan(20_000);
    const after = step(session, text(long), env).session;
    // The report starts with the categories to confirm, pothole first (dialogs/report/category-suggest.ts).
    expect(after.stack[0]).toMatchObject({ flow: 'report' });
    expect((after.stack[0]?.answers.category_suggestions as string[] | undefined)?.[0]).toBe('pothole');
  });

  it('answers 20,000 dots at the menu with "not recognised", as it always did', async () => {
    const { env, i18n } = await testEnv();
    const session = step(newSession({ id: 'c', channel: 't', locale: 'en', now: env.now() }), { kind: 'start' }, env).session;
    const result = step(session, text(`${'.'.repeat(20_000)}x`), env);
    const shown = result.events.flatMap((e) => (e.type === 'message_sent' ? [i18n.renderMessage(e.message, 'en').text] : []));
    expect(shown.join('\n')).toMatch(/didn't recognise that option/);
  });
});
