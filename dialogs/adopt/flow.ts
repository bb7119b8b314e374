/**
 * "Adopt a drain or tree" (issue 13, Code for America's Adopt-a-Drain): where are you (a pin, or
 * a typed address matched against the assets' names), the nearest free assets (five, with type,
 * name and distance), pick one, an optional name for it, confirm; the effect `adopt.take` takes
 * it atomically in the adoption store (one adopter per asset) and the person hears "it's yours"
 * or that someone just adopted it, with the list again. Which assets are free is read through
 * the effect `adopt.free` (the store decides; the dialog stays pure).
 * The first question also offers "My adoptions" (mine.ts); `START: MINE` given up front goes
 * straight there.
 */
import type { ChoiceDef, FlowCtx, FlowDef, Outcome, StepDef } from '../../src/engine/flow';
import { newSubmissionId } from '../../src/engine/ids';
import type { Json } from '../../src/engine/json';
import { localized } from '../../src/engine/locale';
import { lit, t } from '../../src/engine/text';
import { vocabulary } from '../../src/engine/vocabulary';
import { findAsset, nearestFree, type Near } from './assets';
import { MINE_FLOW } from './mine';
import { ASSET_ADOPTED, type AssetAdopted } from './result';
import { assetName, typeText } from './text';

export const ADOPT_FLOW = 'adopt';
export const FREE_EFFECT = 'adopt.free';
export const TAKE_EFFECT = 'adopt.take';
/** The first question's step id, and its answer that opens "My adoptions" (index.ts starts there too). */
export const START = 'start';
const NEAR = 'near';
export const MINE = 'mine';
const WHERE = 'where';
/** The taken asset ids among the catalogue's, as `adopt.free` answered (set by onEffect). */
const TAKEN = 'taken';
const PICK = 'pick';
const NAME = 'name';
const CONFIRM = 'confirm';
const NAME_MAX = 40;

type Where = { lat: number; lon: number } | { address: string };

function whereOf(v: Json | undefined): Where | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  if (typeof v.lat === 'number' && typeof v.lon === 'number') return { lat: v.lat, lon: v.lon };
  return typeof v.address === 'string' ? { address: v.address } : undefined;
}

function nearby(ctx: FlowCtx): Near[] {
  const where = whereOf(ctx.frame.answers[WHERE]);
  const taken = ctx.frame.answers[TAKEN];
  if (!where || !Array.isArray(taken)) return [];
  return nearestFree(ctx.env.catalog, where, new Set(taken.filter((x): x is string => typeof x === 'string')));
}

function startStep(ctx: FlowCtx): StepDef {
  const choices: ChoiceDef[] = [
    { id: NEAR, label: t('adopt.near'), match: vocabulary(ctx.env, 'adopt') },
    { id: MINE, label: t('adopt.mine'), match: vocabulary(ctx.env, 'my_adoptions') },
  ];
  return { id: START, prompt: { kind: 'choice', ask: [t('adopt.intro')], choices } };
}

/**
 * Where: a pin, or a typed place looked up with the deployment's geocoder exactly as at the
 * report's location question (the engine's location prompt with `geocode`: the boundary check,
 * the top matches as buttons when ambiguous). A place found is a point, so the nearest assets
 * are listed by distance; without a geocoder the address is kept as typed (assets.ts).
 */
function whereStep(ctx: FlowCtx): StepDef {
  const { catalog } = ctx.env;
  const areaName = localized(catalog.jurisdiction.name, ctx.locale, catalog.jurisdiction.defaultLocale);
  return { id: WHERE, prompt: { kind: 'location', ask: [t('adopt.where_ask')], boundary: catalog.jurisdiction.boundary, areaName, geocode: true } };
}

function pickStep(ctx: FlowCtx, near: Near[]): StepDef {
  const choices: ChoiceDef[] = near.map(({ asset, metres }) => {
    const name = assetName(ctx, asset);
    const label = metres === undefined ? t('adopt.item', { type: typeText(asset.type), name: lit(name) }) : t('adopt.item_near', { type: typeText(asset.type), name: lit(name), metres });
    return { id: asset.id, label, match: [name] };
  });
  return { id: PICK, prompt: { kind: 'choice', ask: [t('adopt.pick_ask')], choices } };
}

const say = (key: string, args?: Record<string, string | number | ReturnType<typeof lit>>): Outcome => ({ messages: [{ text: [args ? t(key, args) : t(key)], expects: 'none' }], events: [] });

export const adoptFlow: FlowDef = {
  id: ADOPT_FLOW,
  version: 1,
  check(ctx): Outcome | null {
    const a = ctx.frame.answers;
    if (a[START] === MINE) return { messages: [], events: [], next: { flow: MINE_FLOW } };
    if (a[CONFIRM] === false) return say('adopt.not_adopted');
    return null;
  },
  steps(ctx) {
    const a = ctx.frame.answers;
    const first = [startStep(ctx), whereStep(ctx)];
    if (a[START] === undefined || a[WHERE] === undefined || a[TAKEN] === undefined) return a[START] === undefined ? [startStep(ctx)] : first;
    const near = nearby(ctx);
    if (near.length === 0) return first;
    const picked = typeof a[PICK] === 'string' ? findAsset(ctx.env.catalog, a[PICK]) : undefined;
    if (!picked) return [...first, pickStep(ctx, near)];
    const name = assetName(ctx, picked);
    return [
      ...first,
      pickStep(ctx, near),
      { id: NAME, prompt: { kind: 'text', ask: [t('adopt.name_ask', { name: lit(name) })], min: 1, max: NAME_MAX, optional: true } },
      { id: CONFIRM, prompt: { kind: 'yesno', ask: [t('adopt.confirm_ask', { name: lit(name) })] } },
    ];
  },
  complete(ctx): Outcome {
    const a = ctx.frame.answers;
    const id = newSubmissionId(ctx.env);
    if (a[TAKEN] === undefined) return { messages: [], events: [{ type: 'effect_requested', effect: FREE_EFFECT, id, args: {} }], wait: { effect: FREE_EFFECT, id } };
    const picked = typeof a[PICK] === 'string' ? findAsset(ctx.env.catalog, a[PICK]) : undefined;
    if (!picked) {
      const where = whereOf(a[WHERE]);
      return say(where && 'address' in where ? 'adopt.none_address' : 'adopt.none_near');
    }
    const name = typeof a[NAME] === 'string' ? a[NAME].trim() : '';
    return { messages: [], events: [{ type: 'effect_requested', effect: TAKE_EFFECT, id, args: { assetId: picked.id, ...(name ? { name } : {}) } }], wait: { effect: TAKE_EFFECT, id } };
  },
  onEffect(ctx, { id, effect, result }): Outcome {
    const r = (typeof result === 'object' && result !== null && !Array.isArray(result) ? result : {}) as { outcome?: string; taken?: Json; adopter?: string };
    const a = ctx.frame.answers;
    if (effect === FREE_EFFECT) {
      if (r.outcome !== 'listed' || !Array.isArray(r.taken)) return say('adopt.unavailable');
      return { messages: [], events: [], next: { flow: ADOPT_FLOW, answers: { [START]: NEAR, [WHERE]: a[WHERE] ?? null, [TAKEN]: r.taken } } };
    }
    const picked = typeof a[PICK] === 'string' ? findAsset(ctx.env.catalog, a[PICK]) : undefined;
    if (!picked) return say('adopt.unavailable');
    const args = { type: typeText(picked.type), name: lit(assetName(ctx, picked)) };
    if (r.outcome === 'taken_by_other') {
      // The list again, read afresh: the asset someone just took is no longer on it.
      return { messages: [{ text: [t('adopt.someone_took', args)], expects: 'none' }], events: [], next: { flow: ADOPT_FLOW, answers: { [START]: NEAR, [WHERE]: a[WHERE] ?? null } } };
    }
    if (r.outcome === 'yours') return say('adopt.already_yours', args);
    if (r.outcome !== 'taken') return say('adopt.unavailable');
    const adoptedAt = ctx.env.now().toISOString();
    const given = typeof a[NAME] === 'string' ? a[NAME].trim() : '';
    const payload: AssetAdopted = {
      id,
      assetId: picked.id,
      assetType: picked.type,
      agencyId: picked.agency,
      ...(given ? { name: given } : {}),
      adopter: r.adopter ?? '',
      locale: ctx.locale,
      channel: ctx.session.channel,
      adoptedAt,
    };
    ctx.session.results.push({ kind: ASSET_ADOPTED, id, agencyId: picked.agency, submittedAt: adoptedAt });
    const text = given ? t('adopt.adopted_named', { ...args, given: lit(given) }) : t('adopt.adopted', args);
    return {
      messages: [{ text: [text, t('adopt.adopted_next')], expects: 'none' }],
      events: [{ type: 'result_submitted', kind: ASSET_ADOPTED, id, agencyId: picked.agency, payload: payload as unknown as Json }],
    };
  },
};
