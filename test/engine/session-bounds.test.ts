/** The session's growing lists stay bounded, dropping what no longer matters first. */
import { boundSession, MAX_CONSENTS_KEPT, MAX_RESULTS_KEPT } from '../../src/engine/session-bounds';
import type { Session } from '../../src/engine/session';
import type { ResultRef } from '../../src/engine/result-ref';

function session(results: ResultRef[]): Session {
  return { schema: 2, id: 'c', channel: 'webchat', locale: 'en', localeChosen: false, stack: [], results, channelData: {}, createdAt: '', updatedAt: '' };
}
const ref = (n: number, status: ResultRef['status']): ResultRef => ({ kind: 'report', reference: `WG-${String(n).padStart(6, '0')}`, categoryId: 'pothole', submittedAt: '', status });

describe('boundSession', () => {
  it('keeps open results over closed ones, newest over oldest, in their order', () => {
    const reports = Array.from({ length: MAX_RESULTS_KEPT + 3 }, (_, i) => ref(i, i === 5 || i === 9 ? 'closed' : 'open'));
    const s = session(reports);
    boundSession(s);
    expect(s.results).toHaveLength(MAX_RESULTS_KEPT);
    const kept = new Set(s.results.map((r) => r.reference ?? ''));
    // The two closed ones go first, then the oldest open one.
    expect(kept.has('WG-000005') || kept.has('WG-000009') || kept.has('WG-000000')).toBe(false);
    expect(kept.has('WG-000001')).toBe(true);
    expect(s.results.map((r) => r.reference ?? '')).toEqual([...s.results.map((r) => r.reference ?? '')].sort());
  });

  it('drops withdrawn and declined consents before ones in force; leaves small sessions alone', () => {
    const s = session([ref(1, 'open')]);
    s.consents = Array.from({ length: MAX_CONSENTS_KEPT + 1 }, (_, i) => ({
      purpose: 'contact_and_share' as const,
      wording: { key: 'report.contact.consent', version: 1 },
      locale: 'en',
      channel: 'webchat',
      givenAt: String(i),
      answer: i === 7 ? ('declined' as const) : ('given' as const),
    }));
    boundSession(s);
    expect(s.consents).toHaveLength(MAX_CONSENTS_KEPT);
    expect(s.consents.some((c) => c.answer === 'declined')).toBe(false);
    expect(s.results).toHaveLength(1);
  });
});
