/**
 * What a results summary shows: in public, never a group of 1-4 people (counts, shares,
 * statistics, breakdown cells), zero shown; staff see everything; the statistics themselves.
 */
import { countersOf } from '../../../dialogs/consultation/results/counters';
import { secondaryHidden, statistics, summarize } from '../../../dialogs/consultation/results/summary';
import type { DeliveredConsultationResponse } from '../../../dialogs/consultation/result';
import { catalogWithAllTypes } from './support';

const { allTypes, demo } = catalogWithAllTypes();

function response(n: number, answers: DeliveredConsultationResponse['answers'], channel = 'webchat', locale = 'en'): DeliveredConsultationResponse {
  return { id: `r${String(n)}`, consultationId: demo.id, agencyId: demo.agency, answers, locale, channel, submittedAt: '2026-12-01T12:00:00.000Z', participant: `p${String(n)}` };
}

function sum(list: DeliveredConsultationResponse[], c = demo): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of list) for (const [k, v] of Object.entries(countersOf(c, r))) out[k] = (out[k] ?? 0) + v;
  return out;
}

const opts = { locale: 'en', defaultLocale: 'en' };

describe('consultation results summary', () => {
  // 12 people: 8 chose the avenue (6 on the web chat, 2 on Telegram), 2 Elm Street (Telegram,
  // Spanish, skipped the scale), 2 the river path (web chat, Arabic).
  const people = [
    ...Array.from({ length: 6 }, (_, i) => response(i, { route: 'avenue', frequency: 4 })),
    ...[6, 7].map((i) => response(i, { route: 'avenue', frequency: 5 }, 'telegram')),
    ...[8, 9].map((i) => response(i, { route: 'elm-street', frequency: null }, 'telegram', 'es')),
    ...[10, 11].map((i) => response(i, { route: 'river-path', frequency: 3 }, 'webchat', 'ar')),
  ];

  it('hides every group of 1-4 people in public, and any cell that would give one away; zero is shown', () => {
    const s = summarize(demo, sum(people), { ...opts, audience: 'public' });
    expect(s.responses).toBe(12);
    const route = s.questions.find((q) => q.id === 'route')!;
    expect(route.options!.map((o) => [o.id, o.count, o.share])).toEqual([
      ['avenue', 8, 0.6667],
      ['elm-street', null, null],
      ['river-path', null, null],
    ]);
    // 10 answered the scale, 2 skipped it: the skips are hidden, the statistics (10 answers) shown.
    const frequency = s.questions.find((q) => q.id === 'frequency')!;
    expect(frequency).toMatchObject({ answered: 10, skipped: null, mean: 4, median: 4 });
    expect(frequency.distribution!.map((d) => d.count)).toEqual([0, 0, null, 6, null]);
    // Telegram (4) alone would be 12 - 8: the web chat's 8 is hidden with it.
    expect(s.breakdowns.ch).toEqual([
      { value: 'webchat', responses: null, protective: true },
      { value: 'telegram', responses: null },
    ]);
    expect(s.breakdowns.lang).toEqual([
      { value: 'en', responses: 8 },
      { value: 'ar', responses: null },
      { value: 'es', responses: null },
    ]);
    // Per channel: the web chat's river path (2) would be 8 - 6 - 0, so the avenue's 6 goes too.
    expect(route.breakdowns!.ch).toEqual([
      { value: 'telegram', answered: null, options: { avenue: null, 'elm-street': null, 'river-path': 0 } },
      { value: 'webchat', answered: 8, options: { avenue: null, 'elm-street': 0, 'river-path': null }, protective: ['avenue'] },
    ]);
    // No number of 1-4 anywhere in what is shown.
    const shown = JSON.stringify(s, (k, v: unknown) => (['value', 'lat', 'lon', 'median', 'mean', 'share'].includes(k) ? undefined : v));
    expect(shown).not.toMatch(/:(1|2|3|4)[,}]/);
  });

  it('shows staff every count', () => {
    const s = summarize(demo, sum(people), { ...opts, audience: 'staff' });
    expect(s.questions.find((q) => q.id === 'route')!.options!.map((o) => o.count)).toEqual([8, 2, 2]);
    expect(s.breakdowns.ch).toEqual([
      { value: 'webchat', responses: 8 },
      { value: 'telegram', responses: 4 },
    ]);
  });

  it('hides statistics of fewer than 5 answers and the extremes of numbers in public', () => {
    const few = [0, 1, 2].map((i) => response(i, { visits: 3 + i, satisfaction: 7 }));
    const c = { ...allTypes, id: demo.id };
    const pub = summarize(c, sum(few, c), { ...opts, audience: 'public' });
    expect(pub.responses).toBeNull();
    expect(pub.questions.find((q) => q.id === 'satisfaction')).toMatchObject({ answered: null, mean: null, median: null });
    const many = Array.from({ length: 9 }, (_, i) => response(i, { visits: i * 2 }));
    const visits = summarize(c, sum(many, c), { ...opts, audience: 'public' }).questions.find((q) => q.id === 'visits')!;
    expect(visits).toMatchObject({ answered: 9, mean: 8, median: 8, min: null, max: null });
    expect(visits.distribution).toBeUndefined();
    const staff = summarize(c, sum(many, c), { ...opts, audience: 'staff' }).questions.find((q) => q.id === 'visits')!;
    expect(staff).toMatchObject({ min: 0, max: 16 });
  });

  it('hides a second cell with a lone hidden one, and only then', () => {
    expect([...secondaryHidden([9, 3, 0, 7])].sort()).toEqual([1, 3]);
    expect([...secondaryHidden([9, 3, 2, 7])].sort()).toEqual([1, 2]);
    expect([...secondaryHidden([9, 0, 7])]).toEqual([]);
    expect([...secondaryHidden([3])]).toEqual([0]);
  });

  it('computes mean, median, min and max from a histogram', () => {
    expect(statistics([])).toEqual({});
    expect(statistics([{ value: 1, count: 1 }, { value: 3, count: 1 }])).toEqual({ mean: 2, median: 2, min: 1, max: 3 });
    expect(statistics([{ value: 1, count: 2 }, { value: 2, count: 1 }, { value: 10, count: 2 }])).toEqual({ mean: 24 / 5, median: 2, min: 1, max: 10 });
  });
});
