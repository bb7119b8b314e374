/**
 * The results message's Block Kit on digests the demo city cannot produce: results for staff
 * only (no link to a public page), a consultation with more questions than 50 blocks hold, and
 * texts longer than a header or a section takes; and the text bar.
 */
import { bar, resultsMessage } from '../../../adapters/slack/results-blocks';
import type { DigestQuestion, ResultsDigest } from '../../../src/modules/results-digest';
import { demo } from '../../support/engine-env';

const question = (n: number, extra: Partial<DigestQuestion> = {}): DigestQuestion => ({
  text: `Question ${String(n)}?`,
  answered: 4,
  options: [
    { label: 'Mornings', count: 3, share: 0.75 },
    { label: 'Evenings', count: 1, share: 0.25 },
  ],
  more: 0,
  ...extra,
});

const digest = (extra: Partial<ResultsDigest> = {}): ResultsDigest => ({
  id: 'depot-canteen',
  title: 'Depot canteen hours',
  state: 'closed',
  opensAt: '2026-11-01T15:00:00.000Z',
  closesAt: '2026-11-20T23:00:00.000Z',
  responses: 4,
  publication: 'staff_only',
  url: 'https://wegov.example.org/consultations/depot-canteen',
  questions: [question(1)],
  otherQuestions: 0,
  ...extra,
});

type Block = { type: string; text?: { text: string }; elements?: { text: string }[] };

describe('the results message', () => {
  it('draws shares as bars of ten', () => {
    expect(bar(0)).toBe('░░░░░░░░░░');
    expect(bar(0.04)).toBe('░░░░░░░░░░');
    expect(bar(0.42)).toBe('████░░░░░░');
    expect(bar(0.6667)).toBe('███████░░░');
    expect(bar(1)).toBe('██████████');
  });

  it('results for staff only: said so, and no button to a public page', async () => {
    const { i18n } = await demo();
    const m = resultsMessage(digest(), { i18n, locale: 'en', timezone: 'America/Chicago' });
    const blocks = m.blocks as Block[];
    expect(blocks.map((b) => b.type)).toEqual(['header', 'context', 'section']);
    expect(blocks[1]!.elements![0]!.text).toBe('Responses: 4 · closed on November 20, 2026 · results for staff only, not published');
    expect(blocks[2]!.text!.text).toBe('*1. Question 1?*  (answered: 4)\n`████████░░` 75%  Mornings: 3\n`███░░░░░░░` 25%  Evenings: 1');
  });

  it('in Arabic: the texts in Arabic, digits as in the rest of WeGov Slack answers', async () => {
    const { i18n } = await demo();
    const m = resultsMessage(digest({ publication: 'public', state: 'open' }), { i18n, locale: 'ar', timezone: 'America/Chicago' });
    const blocks = m.blocks as Block[];
    expect(blocks[1]!.elements![0]!.text).toMatch(/^الردود: 4 · مفتوحة حتى 20 نوفمبر 2026 · صفحة النتائج العامة: مباشرة$/);
    expect(blocks[2]!.text!.text).toContain('(أجاب: 4)');
    expect(blocks.at(-1)).toMatchObject({ type: 'actions', elements: [{ text: { text: 'فتح النتائج الكاملة' }, url: 'https://wegov.example.org/consultations/depot-canteen' }] });
  });

  it('stays within 50 blocks, 150 characters a header and 3,000 a section', async () => {
    const { i18n } = await demo();
    const long = 'x'.repeat(5000);
    const many = Array.from({ length: 60 }, (_, i) =>
      question(i + 1, { text: long, options: Array.from({ length: 5 }, () => ({ label: long, count: 1, share: 0.2 })), more: 3, multiple: true }),
    );
    const m = resultsMessage(digest({ title: long, publication: 'public', questions: many, otherQuestions: 2 }), { i18n, locale: 'en', timezone: 'America/Chicago' });
    const blocks = m.blocks as Block[];
    expect(blocks).toHaveLength(50);
    expect([...blocks[0]!.text!.text].length).toBeLessThanOrEqual(150);
    for (const b of blocks.filter((x) => x.type === 'section')) expect(b.text!.text.length).toBeLessThanOrEqual(3000);
    // The questions that did not fit are counted with those shown on the page only.
    expect(blocks.at(-2)!.elements![0]!.text).toBe('Questions shown on the full page only (free text, numbers, rankings, places): 16');
    expect(blocks.at(-1)!.type).toBe('actions');
  });
});
