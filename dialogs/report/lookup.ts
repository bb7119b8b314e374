/**
 * Reports by reference and "my reports" (issue 16), answered from the report records
 * (src/cases/report-record.ts) through effects, so they work after the conversation that sent
 * a report has expired, and from any conversation of the same channel identity:
 * - `status`: "status WG-7K3QX9" from anyone: the public status (category, district, status,
 *   the agency's last note when its notes are public); never who reported or what they wrote;
 * - `mine`: the person's reports with their status;
 * - `follow` / `unfollow`: this conversation hears (or stops hearing) a report's status updates.
 * The effect handlers are services.ts.
 */
import type { FlowCtx, FlowDef, Outcome } from '../../src/engine/flow';
import { newSubmissionId } from '../../src/engine/ids';
import type { Json } from '../../src/engine/json';
import { localized } from '../../src/engine/locale';
import { lit, t, type Text } from '../../src/engine/text';
import { vocabulary } from '../../src/engine/vocabulary';
import { extractReferences } from '../../src/nlu/entities/reference';
import { normalize } from '../../src/nlu/normalize';

export const LOOKUP_FLOW = 'report_lookup';
export const STATUS_EFFECT = 'report.status';
export const MINE_EFFECT = 'report.mine';
export const FOLLOW_EFFECT = 'report.follow';
export type LookupMode = 'status' | 'mine' | 'follow' | 'unfollow';
const MODE = 'mode';
const REFERENCE = 'reference';

/** A report as the effects return it (public fields only). */
export interface PublicReport {
  reference: string;
  categoryId: string;
  status: string;
  districtId?: string;
  notes?: string;
  /** The report staff merged this duplicate into. */
  mergedInto?: string;
}

const say = (text: Text[]): Outcome => ({ messages: [{ text, expects: 'none' }], events: [] });

/**
 * Where a lookup sentence leads: the mode its words say (an unfollow or follow word wins over
 * the classifier's intent, as they share a reference), and its reference.
 */
export function lookupFrom(ctx: FlowCtx, text: string, intent: LookupMode): Outcome {
  const words = ` ${normalize(text)} `;
  const has = (entry: string) => vocabulary(ctx.env, entry).some((w) => words.includes(` ${w} `));
  const mode: LookupMode = has('unfollow') ? 'unfollow' : has('follow') ? 'follow' : intent;
  const [ref] = extractReferences(text, ctx.env.catalog.jurisdiction.referencePrefix);
  if (!ref && mode !== 'mine') {
    if (mode === 'status') return { messages: [], events: [], next: { flow: LOOKUP_FLOW, answers: { [MODE]: 'mine' } } };
    return say([t('report_lookup.follow_usage')]);
  }
  return { messages: [], events: [], next: { flow: LOOKUP_FLOW, answers: { [MODE]: mode, ...(ref ? { [REFERENCE]: ref.value } : {}) } } };
}

function record(v: Json | undefined): PublicReport | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const { reference, categoryId, status, districtId, notes, mergedInto } = v;
  if (typeof reference !== 'string' || typeof categoryId !== 'string' || typeof status !== 'string') return null;
  return {
    reference,
    categoryId,
    status,
    ...(typeof districtId === 'string' ? { districtId } : {}),
    ...(typeof notes === 'string' ? { notes } : {}),
    ...(typeof mergedInto === 'string' ? { mergedInto } : {}),
  };
}

function categoryName(ctx: FlowCtx, id: string): string {
  const { catalog } = ctx.env;
  const c = catalog.categories.find((x) => x.id === id);
  return c ? localized(c.name, ctx.locale, catalog.jurisdiction.defaultLocale) : id;
}

function statusText(r: PublicReport): Text {
  return t(`status.${['open', 'acknowledged', 'in_progress', 'closed', 'rejected'].includes(r.status) ? r.status : 'open'}`);
}

function publicStatus(ctx: FlowCtx, r: PublicReport): Text[] {
  const { catalog } = ctx.env;
  const district = r.districtId !== undefined ? catalog.jurisdiction.districts.find((d) => d.id === r.districtId) : undefined;
  const args = { reference: r.reference, category: lit(categoryName(ctx, r.categoryId)), status: statusText(r) };
  const line = district ? t('report_lookup.status_in', { ...args, district: lit(localized(district.name, ctx.locale, catalog.jurisdiction.defaultLocale)) }) : t('report_lookup.status', args);
  const notes = r.notes !== undefined ? [t('report_lookup.notes', { notes: lit(r.notes) })] : [];
  // A merged duplicate no longer changes: point at the report that does.
  if (r.mergedInto !== undefined) return [line, t('report_lookup.duplicate_of', { into: r.mergedInto }), ...notes, t('report_lookup.follow_hint', { reference: r.mergedInto })];
  return [line, ...notes, t('report_lookup.follow_hint', { reference: r.reference })];
}

export const lookupFlow: FlowDef = {
  id: LOOKUP_FLOW,
  version: 1,
  steps: () => [],
  complete(ctx): Outcome {
    const id = newSubmissionId(ctx.env);
    const mode = ctx.frame.answers[MODE] as LookupMode;
    const reference = ctx.frame.answers[REFERENCE];
    const request = (effect: string, args: { [k: string]: Json }): Outcome => ({ messages: [], events: [{ type: 'effect_requested', effect, id, args }], wait: { effect, id } });
    if (mode === 'mine') return request(MINE_EFFECT, {});
    if (typeof reference !== 'string') return say([t('report_lookup.follow_usage')]);
    if (mode === 'status') return request(STATUS_EFFECT, { reference });
    return request(FOLLOW_EFFECT, { reference, follow: mode === 'follow' });
  },
  onEffect(ctx, { effect, result }): Outcome {
    const r = (typeof result === 'object' && result !== null && !Array.isArray(result) ? result : {}) as { outcome?: string; report?: Json; reports?: Json; into?: Json };
    const reference = String(ctx.frame.answers[REFERENCE] ?? '');
    if (r.outcome === 'unknown') return say([t('intents.status.unknown', { reference })]);
    if (effect === STATUS_EFFECT) {
      const found = record(r.report);
      return say(r.outcome === 'found' && found ? publicStatus(ctx, found) : [t('report_lookup.unavailable')]);
    }
    if (effect === MINE_EFFECT) {
      if (r.outcome !== 'listed' || !Array.isArray(r.reports)) return say([t('report_lookup.unavailable')]);
      const list = r.reports.map(record).filter((x): x is PublicReport => x !== null);
      if (list.length === 0) return say([t('intents.my_reports.none')]);
      return say([t('intents.my_reports.intro', { count: list.length }), ...list.map((x) => t('intents.my_reports.line', { reference: x.reference, category: lit(categoryName(ctx, x.categoryId)), status: statusText(x) }))]);
    }
    if (r.outcome === 'following' && typeof r.into === 'string') return say([t('report_lookup.duplicate_of', { into: r.into }), t('report_lookup.following', { reference: r.into })]);
    if (r.outcome === 'following') return say([t('report_lookup.following', { reference })]);
    if (r.outcome === 'unfollowed') return say([t('report_lookup.unfollowed', { reference })]);
    if (r.outcome === 'not_following') return say([t('report_lookup.not_following', { reference })]);
    return say([t('report_lookup.unavailable')]);
  },
};
