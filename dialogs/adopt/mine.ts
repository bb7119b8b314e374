/**
 * "My adoptions" (issue 13): the person's adopted assets, read from the adoption store through
 * the effect `adopt.list` (so adoptions from their other conversations show), and for one of
 * them, in two taps: "cleared" (recorded through `adopt.state`, thanks), "needs the city" (also
 * recorded, and filed as a report to the asset's agency with its location: needs-city.ts), or
 * release it (`adopt.release`; the agency gets an `asset_released`).
 */
import type { ChoiceDef, FlowCtx, FlowDef, Outcome } from '../../src/engine/flow';
import { newSubmissionId } from '../../src/engine/ids';
import type { Json } from '../../src/engine/json';
import { lit, t, type Text } from '../../src/engine/text';
import { vocabulary } from '../../src/engine/vocabulary';
import { findAsset } from './assets';
import { needsTheCity } from './needs-city';
import { ASSET_RELEASED, type AssetReleased } from './result';
import { assetName, typeText } from './text';

export const MINE_FLOW = 'adopt_mine';
export const LIST_EFFECT = 'adopt.list';
export const STATE_EFFECT = 'adopt.state';
export const RELEASE_EFFECT = 'adopt.release';
const LIST = 'list';
const PICK = 'pick';
const ACTION = 'action';
const SURE = 'sure';
const DONE = '_done';

/** One adoption as the list effect returns it. */
export interface ListedAdoption {
  assetId: string;
  name?: string;
}

function listOf(v: Json | undefined): ListedAdoption[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((x) => {
    if (typeof x !== 'object' || x === null || Array.isArray(x) || typeof x.assetId !== 'string') return [];
    return [{ assetId: x.assetId, ...(typeof x.name === 'string' ? { name: x.name } : {}) }];
  });
}

/** "Storm drain at Elm St & 3rd St" or "“Drainy” (Storm drain at Elm St & 3rd St)". */
function describe(ctx: FlowCtx, a: ListedAdoption): string {
  const asset = findAsset(ctx.env.catalog, a.assetId);
  const name = asset ? assetName(ctx, asset) : a.assetId;
  return a.name ? `“${a.name}” (${name})` : name;
}

const say = (text: Text[]): Outcome => ({ messages: [{ text, expects: 'none' }], events: [] });

function picked(ctx: FlowCtx): ListedAdoption | undefined {
  return listOf(ctx.frame.answers[LIST]).find((a) => a.assetId === ctx.frame.answers[PICK]);
}

export const mineFlow: FlowDef = {
  id: MINE_FLOW,
  version: 1,
  check(ctx): Outcome | null {
    if (ctx.frame.answers[PICK] === DONE || ctx.frame.answers[SURE] === false) return say([t('adopt.mine_kept')]);
    return null;
  },
  steps(ctx) {
    if (ctx.frame.answers[LIST] === undefined) return [];
    const list = listOf(ctx.frame.answers[LIST]);
    const choices: ChoiceDef[] = [...list.map((a) => ({ id: a.assetId, label: lit(describe(ctx, a)), match: [describe(ctx, a), ...(a.name ? [a.name] : [])] })), { id: DONE, label: t('adopt.mine_done'), match: vocabulary(ctx.env, 'no') }];
    const steps = [{ id: PICK, prompt: { kind: 'choice' as const, ask: [t('adopt.mine_ask')], choices } }];
    const one = picked(ctx);
    if (!one) return steps;
    const what = lit(describe(ctx, one));
    const actions: ChoiceDef[] = [
      { id: 'cleared', label: t('adopt.state_cleared') },
      { id: 'needs_city', label: t('adopt.state_needs_city') },
      { id: 'release', label: t('adopt.release') },
    ];
    const action = { id: ACTION, prompt: { kind: 'choice' as const, ask: [t('adopt.state_ask', { what })], choices: actions } };
    const sure = ctx.frame.answers[ACTION] === 'release' ? [{ id: SURE, prompt: { kind: 'yesno' as const, ask: [t('adopt.release_sure', { what })] } }] : [];
    return [...steps, action, ...sure];
  },
  complete(ctx): Outcome {
    const id = newSubmissionId(ctx.env);
    if (ctx.frame.answers[LIST] === undefined) return { messages: [], events: [{ type: 'effect_requested', effect: LIST_EFFECT, id, args: {} }], wait: { effect: LIST_EFFECT, id } };
    const one = picked(ctx);
    if (!one) return say([t('adopt.mine_kept')]);
    const action = ctx.frame.answers[ACTION];
    if (action === 'release') return { messages: [], events: [{ type: 'effect_requested', effect: RELEASE_EFFECT, id, args: { assetId: one.assetId } }], wait: { effect: RELEASE_EFFECT, id } };
    return { messages: [], events: [{ type: 'effect_requested', effect: STATE_EFFECT, id, args: { assetId: one.assetId, state: action === 'needs_city' ? 'needs_city' : 'cleared' } }], wait: { effect: STATE_EFFECT, id } };
  },
  onEffect(ctx, { id, effect, result }): Outcome {
    const r = (typeof result === 'object' && result !== null && !Array.isArray(result) ? result : {}) as { outcome?: string; adoptions?: Json; adopter?: string };
    if (effect === LIST_EFFECT) {
      if (r.outcome !== 'listed') return say([t('adopt.unavailable')]);
      const list = listOf(r.adoptions);
      if (list.length === 0) return say([t('adopt.mine_none')]);
      return { messages: [], events: [], next: { flow: MINE_FLOW, answers: { [LIST]: list as unknown as Json } } };
    }
    const one = picked(ctx);
    const asset = one ? findAsset(ctx.env.catalog, one.assetId) : undefined;
    if (r.outcome === 'not_yours') return say([t('adopt.not_yours')]);
    if (!one || !asset || (r.outcome !== 'recorded' && r.outcome !== 'released')) return say([t('adopt.unavailable')]);
    const what = lit(describe(ctx, one));
    if (effect === STATE_EFFECT) {
      if (ctx.frame.answers[ACTION] !== 'needs_city') return say([t('adopt.cleared_thanks', { what })]);
      return needsTheCity(ctx, asset, id, r.adopter ?? '');
    }
    const releasedAt = ctx.env.now().toISOString();
    const payload: AssetReleased = { id, assetId: asset.id, assetType: asset.type, agencyId: asset.agency, adopter: r.adopter ?? '', releasedAt };
    return {
      messages: [{ text: [t('adopt.released', { what, type: typeText(asset.type) })], expects: 'none' }],
      events: [{ type: 'result_submitted', kind: ASSET_RELEASED, id, agencyId: asset.agency, payload: payload as unknown as Json }],
    };
  },
};
