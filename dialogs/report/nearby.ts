/**
 * Nearby reports, "me too" (issue 16), as FixMyStreet does before a new report: once the
 * category and a point are known (a pin, a Telegram location, a typed place the geocoder placed),
 * the flow waits for the effect `report.nearby` (services.ts: open reports of that category
 * within the catalogue's `nearby.radius_m` and `max_age_days`, nearest first, five at most).
 * When there are some, "Is it one of these?" lists them (what, where in words, how long ago,
 * status, a map link; never who reported nor what they wrote) with a choice for each and "No,
 * mine is new".
 * - Picking one: the person may add a photo and a short note (the report's own photo and
 *   description questions, both optional), then the effect `report.me_too` counts them once on
 *   that report and makes this conversation follow it; the photo and note go to the agency as a
 *   `report_me_too` result through the outbox. No new report is made.
 * - "No, mine is new" (or nothing near): the report goes on as before.
 * A changed location (review, back) searches again.
 */
import type { Category } from '../../src/catalog/types';
import type { ChoiceDef, FlowCtx, Outcome, StepDef } from '../../src/engine/flow';
import { newSubmissionId } from '../../src/engine/ids';
import type { Json } from '../../src/engine/json';
import { localized } from '../../src/engine/locale';
import { lit, t, type Text } from '../../src/engine/text';
import { says } from '../../src/engine/vocabulary';
import { choiceFromText } from '../../src/engine/prompts/choice';
import { DESCRIPTION_STEP, descriptionStep, LOCATION_STEP, PHOTO_STEP, photoMaxMb, photoStep } from './detail-steps';

export const NEARBY_EFFECT = 'report.nearby';
export const ME_TOO_EFFECT = 'report.me_too';
/** The search's answer: `{ at: "<category>@<lat>,<lon>", reports: NearbyShown[] }`. */
export const NEARBY_FOUND = 'nearby_found';
/** "Is it one of these?": a reference, or {@link MINE_IS_NEW}. */
export const NEARBY_STEP = 'nearby';
export const MINE_IS_NEW = '_new';
/** The result kind a "me too" sends the agency. */
export const ME_TOO_KIND = 'report_me_too';

const DAY_MS = 86_400_000;

/** A nearby report as the effect returns it (report-nearby.ts NearbyReport, public fields). */
export interface NearbyShown {
  reference: string;
  agencyId: string;
  categoryId: string;
  status: string;
  submittedAt: string;
  districtId?: string;
  point: { lat: number; lon: number };
  distanceM: number;
}

function obj(v: Json | undefined): { [k: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {};
}

/** The point the person gave, or null (a typed address no geocoder placed). */
function pointOf(ctx: FlowCtx): { lat: number; lon: number } | null {
  const o = obj(ctx.frame.answers[LOCATION_STEP]);
  return typeof o.lat === 'number' && typeof o.lon === 'number' ? { lat: o.lat, lon: o.lon } : null;
}

function searchKey(category: Category, p: { lat: number; lon: number }): string {
  return `${category.id}@${p.lat},${p.lon}`;
}

function shownOf(v: Json): NearbyShown | null {
  const o = obj(v);
  const point = obj(o.point);
  const { reference, agencyId, categoryId, status, submittedAt, districtId, distanceM } = o;
  if (typeof reference !== 'string' || typeof agencyId !== 'string' || typeof categoryId !== 'string' || typeof status !== 'string' || typeof submittedAt !== 'string') return null;
  if (typeof point.lat !== 'number' || typeof point.lon !== 'number' || typeof distanceM !== 'number') return null;
  return { reference, agencyId, categoryId, status, submittedAt, ...(typeof districtId === 'string' ? { districtId } : {}), point: { lat: point.lat, lon: point.lon }, distanceM };
}

/** The reports found for the current category and point (null: not searched for them yet). */
function found(ctx: FlowCtx, category: Category): NearbyShown[] | null {
  const p = pointOf(ctx);
  const f = obj(ctx.frame.answers[NEARBY_FOUND]);
  if (!p || f.at !== searchKey(category, p) || !Array.isArray(f.reports)) return null;
  return f.reports.map(shownOf).filter((r): r is NearbyShown => r !== null);
}

/** The report the person said is theirs, when they picked one. */
export function pickedReport(ctx: FlowCtx, category: Category): NearbyShown | undefined {
  const picked = ctx.frame.answers[NEARBY_STEP];
  return typeof picked === 'string' && picked !== MINE_IS_NEW ? found(ctx, category)?.find((r) => r.reference === picked) : undefined;
}

/** Before each question (flow.check): search once a point is known for the category, and again when it changes. */
export function nearbyCheck(category: Category, ctx: FlowCtx): Outcome | null {
  const radiusM = ctx.env.catalog.nearby?.radiusM ?? 250;
  const p = pointOf(ctx);
  if (radiusM <= 0 || !p || found(ctx, category) !== null) return null;
  // An id of the search itself (no random draw: the report's reference and id stay as they were).
  const id = `nearby:${searchKey(category, p)}`;
  return { messages: [], events: [{ type: 'effect_requested', effect: NEARBY_EFFECT, id, args: { categoryId: category.id, lat: p.lat, lon: p.lon } }], wait: { effect: NEARBY_EFFECT, id } };
}

/** What the search answered: kept with the point it was for; a new search forgets an earlier pick. */
function searched(category: Category, ctx: FlowCtx, result: Json): Outcome {
  const p = pointOf(ctx);
  const r = obj(result);
  const reports = r.outcome === 'found' && Array.isArray(r.reports) ? r.reports.map(shownOf).filter((x): x is NearbyShown => x !== null).slice(0, 5) : [];
  if (p) ctx.frame.answers[NEARBY_FOUND] = { at: searchKey(category, p), reports: reports as unknown as Json };
  delete ctx.frame.answers[NEARBY_STEP];
  return { messages: [], events: [], proceed: true };
}

function ago(ctx: Pick<FlowCtx, 'env'>, submittedAt: string): Text {
  const days = Math.max(0, Math.floor((ctx.env.now().getTime() - Date.parse(submittedAt)) / DAY_MS));
  if (days === 0) return t('report.nearby.today');
  if (days === 1) return t('report.nearby.yesterday');
  return t('report.nearby.days_ago', { count: days });
}

/** The map link: OpenStreetMap at street level on the report's coarse point. */
export function mapLink(p: { lat: number; lon: number }): string {
  return `https://www.openstreetmap.org/?mlat=${p.lat}&mlon=${p.lon}#map=18/${p.lat}/${p.lon}`;
}

function line(ctx: Pick<FlowCtx, 'env' | 'locale'>, category: Category, r: NearbyShown, n: number): Text {
  const { catalog } = ctx.env;
  const dl = catalog.jurisdiction.defaultLocale;
  const distance = Math.max(10, Math.round(r.distanceM / 10) * 10);
  const district = r.districtId !== undefined ? catalog.jurisdiction.districts.find((d) => d.id === r.districtId) : undefined;
  const where = district ? t('report.nearby.where_in', { distance, district: lit(localized(district.name, ctx.locale, dl)) }) : t('report.nearby.where', { distance });
  const status = t(`status.${['open', 'acknowledged', 'in_progress'].includes(r.status) ? r.status : 'open'}`);
  return t('report.nearby.item', { n, category: lit(localized(category.name, ctx.locale, dl)), where, ago: ago(ctx, r.submittedAt), status, map: lit(mapLink(r.point)) });
}

/**
 * "Is it one of these?", when the search found some. Its question (a line per report: where, how
 * long ago, status, map link) is built when the engine first reads it: the flow's steps are
 * computed on every later turn of the report, the offer is asked on one. Lines read only the
 * env and the locale, which a turn does not change. A class for the getter's sake (see
 * review-step.ts ReviewStep).
 */
class OfferStep implements StepDef {
  readonly id = NEARBY_STEP;
  readonly interpret: NonNullable<StepDef['interpret']>;
  readonly #choices: ChoiceDef[];
  #prompt: StepDef['prompt'] | undefined;

  constructor(
    private readonly category: Category,
    private readonly at: Pick<FlowCtx, 'env' | 'locale'>,
    private readonly reports: NearbyShown[],
  ) {
    const choices: ChoiceDef[] = [
      ...reports.map((r, i) => ({ id: r.reference, label: t('report.nearby.this_one', { n: i + 1 }), match: [r.reference] })),
      { id: MINE_IS_NEW, label: t('report.nearby.new') },
    ];
    this.#choices = choices;
    this.interpret = (input, { env, locale }) => {
      if (input.kind !== 'text') return null;
      // "no" is "mine is new"; "yes" to a single report takes it.
      if (says(env, input.text, 'no')) return { answers: { [NEARBY_STEP]: MINE_IS_NEW } };
      if (reports.length === 1 && says(env, input.text, 'yes')) return { answers: { [NEARBY_STEP]: reports[0]!.reference } };
      const matched = choiceFromText(input.text, choices, locale);
      return matched.length === 1 && matched[0] !== undefined ? { answers: { [NEARBY_STEP]: matched[0] } } : null;
    };
  }

  get prompt(): StepDef['prompt'] {
    return (this.#prompt ??= {
      kind: 'choice',
      ask: [t('report.nearby.ask', { count: this.reports.length }), ...this.reports.map((r, i) => line(this.at, this.category, r, i + 1))],
      choices: this.#choices,
    });
  }
}

/**
 * The nearby steps after the location: the offer (when something was found), and after a pick
 * the optional photo and note. `meToo` is true when the report ends as a "me too".
 */
export function nearbySteps(category: Category, ctx: FlowCtx): { steps: StepDef[]; meToo: boolean } {
  const reports = found(ctx, category) ?? [];
  if (reports.length === 0) return { steps: [], meToo: false };
  const steps: StepDef[] = [new OfferStep(category, { env: ctx.env, locale: ctx.locale }, reports)];
  if (!pickedReport(ctx, category)) return { steps, meToo: false };
  if (category.photo !== 'none') steps.push(photoStep(ctx, t('report.nearby.photo_ask', { max: photoMaxMb(ctx) }), true));
  steps.push(descriptionStep(ctx, t('report.nearby.note_ask'), true));
  return { steps, meToo: true };
}

/** The "me too" itself (flow.complete when one was picked): the effect counts the person and follows the report. */
export function requestMeToo(category: Category, ctx: FlowCtx, picked: NearbyShown): Outcome {
  const id = newSubmissionId(ctx.env);
  return { messages: [], events: [{ type: 'effect_requested', effect: ME_TOO_EFFECT, id, args: { reference: picked.reference, categoryId: category.id } }], wait: { effect: ME_TOO_EFFECT, id } };
}

/** The payload a "me too" sends the agency (its photo and note, when given). */
function meTooPayload(ctx: FlowCtx, picked: NearbyShown, id: string): { [k: string]: Json } {
  const photo = obj(ctx.frame.answers[PHOTO_STEP]);
  const note = ctx.frame.answers[DESCRIPTION_STEP];
  return {
    id,
    reference: picked.reference,
    agencyId: picked.agencyId,
    categoryId: picked.categoryId,
    locale: ctx.locale,
    addedAt: ctx.env.now().toISOString(),
    ...(typeof note === 'string' ? { note } : {}),
    media: typeof photo.mediaId === 'string' ? [{ mediaId: photo.mediaId, contentType: String(photo.contentType), bytes: Number(photo.bytes) }] : [],
  };
}

/** The flow's effects: the search, and the "me too". */
export function nearbyEffect(category: Category, ctx: FlowCtx, effect: string, result: Json): Outcome {
  if (effect === NEARBY_EFFECT) return searched(category, ctx, result);
  const picked = pickedReport(ctx, category);
  const outcome = obj(result).outcome;
  if (!picked || (outcome !== 'counted' && outcome !== 'already')) {
    // Closed meanwhile, unknown, or the store is out of reach: the report goes on as a new one.
    ctx.frame.answers[NEARBY_STEP] = MINE_IS_NEW;
    for (const id of [PHOTO_STEP, DESCRIPTION_STEP]) if (ctx.frame.answers[id] === null) delete ctx.frame.answers[id];
    const why = outcome === 'closed' || outcome === 'unknown' ? 'report.nearby.gone' : 'report.nearby.unavailable';
    return { messages: [{ text: [t(why, { reference: picked?.reference ?? '' })], expects: 'none' }], events: [], proceed: true };
  }
  const id = newSubmissionId(ctx.env);
  const payload = meTooPayload(ctx, picked, id);
  const media = Array.isArray(payload.media) ? payload.media.map((m) => String(obj(m).mediaId)) : [];
  ctx.session.results.push({ kind: ME_TOO_KIND, id, agencyId: picked.agencyId, categoryId: picked.categoryId, submittedAt: String(payload.addedAt), ...(media.length > 0 ? { mediaIds: media } : {}) });
  const said = outcome === 'counted' ? 'report.nearby.added' : 'report.nearby.already';
  return {
    messages: [{ text: [t(said, { reference: picked.reference }), t('report.nearby.following', { reference: picked.reference })], expects: 'none' }],
    // No `reference` on the event: that would claim the existing report's reference as a new one (runtime/turn.ts).
    events: [{ type: 'result_submitted', kind: ME_TOO_KIND, id, agencyId: picked.agencyId, payload }],
  };
}
