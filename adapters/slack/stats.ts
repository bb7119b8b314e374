/**
 * This week's figures for staff (`/wegov stats`): the cases handed to agencies in the last
 * seven days, counted by status and by category, from the CaseStore (updatedSince).
 */
import type { AgencyCase, CaseStore } from '../../src/cases/types';
import type { Catalog } from '../../src/catalog/types';
import { localized } from '../../src/engine/locale';

export const STATS_WINDOW_DAYS = 7;

export interface WeeklyStats {
  total: number;
  /** Status -> count, most frequent first. */
  byStatus: [string, number][];
  /** Category name -> count, most frequent first. */
  byCategory: [string, number][];
}

/** The case's status as staff know it: triage, else the agency's, else the delivery state. */
export function statusOf(c: AgencyCase): string {
  if (c.triage?.status) return c.triage.status;
  if (c.status) return c.status;
  return c.state === 'rejected' ? 'rejected' : c.state === 'sending' ? 'pending' : 'open';
}

export async function weeklyStats(cases: CaseStore, catalog: Catalog, locale: string, now: Date): Promise<WeeklyStats> {
  const since = new Date(now.getTime() - STATS_WINDOW_DAYS * 86_400_000);
  const recent = await cases.updatedSince(since);
  // One report may reach several sinks (several case records): count it once.
  const bySubmission = new Map<string, AgencyCase>();
  for (const c of recent) {
    const seen = bySubmission.get(c.submissionId);
    if (!seen || seen.updatedAt < c.updatedAt) bySubmission.set(c.submissionId, c);
  }
  const names = new Map(catalog.categories.map((cat) => [cat.serviceCode, localized(cat.name, locale, catalog.jurisdiction.defaultLocale)]));
  const status = new Map<string, number>();
  const category = new Map<string, number>();
  for (const c of bySubmission.values()) {
    const s = statusOf(c);
    status.set(s, (status.get(s) ?? 0) + 1);
    const name = (c.serviceCode !== undefined ? names.get(c.serviceCode) : undefined) ?? c.serviceCode ?? '?';
    category.set(name, (category.get(name) ?? 0) + 1);
  }
  const sorted = (m: Map<string, number>): [string, number][] => [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return { total: bySubmission.size, byStatus: sorted(status), byCategory: sorted(category) };
}
