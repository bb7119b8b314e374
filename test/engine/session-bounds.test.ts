/** The session's growing lists stay bounded, dropping what no longer matters first. */
import { boundSession, MAX_CONSENTS_KEPT, MAX_REPORTS_KEPT } from '../../src/engine/session-bounds';
import type { Session } from '../../src/engine/session';
import type { ReportRef } from '../../src/engine/report';

function session(reports: ReportRef[]): Session {
  return { schema: 1, id: 'c', channel: 'webchat', locale: 'en', localeChosen: false, stack: [], reports, channelData: {}, createdAt: '', updatedAt: '' };
}
const ref = (n: number, status: ReportRef['status']): ReportRef => ({ reference: `WG-${String(n).padStart(6, '0')}`, categoryId: 'pothole', submittedAt: '', status });

describe('boundSession', () => {
  it('keeps open reports over closed ones, newest over oldest, in their order', () => {
    const reports = Array.from({ length: MAX_REPORTS_KEPT + 3 }, (_, i) => ref(i, i === 5 || i === 9 ? 'closed' : 'open'));
    const s = session(reports);
    boundSession(s);
    expect(s.reports).toHaveLength(MAX_REPORTS_KEPT);
    const kept = new Set(s.reports.map((r) => r.reference));
    // The two closed ones go first, then the oldest open one.
    expect(kept.has('WG-000005') || kept.has('WG-000009') || kept.has('WG-000000')).toBe(false);
    expect(kept.has('WG-000001')).toBe(true);
    expect(s.reports.map((r) => r.reference)).toEqual([...s.reports.map((r) => r.reference)].sort());
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
    expect(s.reports).toHaveLength(1);
  });
});
