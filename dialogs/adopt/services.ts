/**
 * Adopt an asset, as module services (src/modules/services.ts): the adoption store (Redis when
 * the process has it, else memory), the effects the dialogs request (src/runtime/effects.ts),
 * all with the person's pseudonym in the scope `adopt`:
 * - `adopt.free`: which of the catalogue's assets are taken (the dialog lists the nearest others);
 * - `adopt.take` `{ assetId, name? }`: taken / yours / taken_by_other, atomically (SET NX); a turn
 *   that is not committed releases it again;
 * - `adopt.list`, `adopt.state` `{ assetId, state }`, `adopt.release` `{ assetId }`;
 * the agency's admin API (admin-routes.ts), the summary staff channels show (summary.ts: Slack's
 * `/wegov adoptions`) and the sink that releases a person's adoptions when they delete their
 * data (sink.ts).
 */
import { z } from 'zod';
import type { Json } from '../../src/engine/json';
import type { ModuleHost, ModuleServices } from '../../src/modules/services';
import type { EffectDone, EffectRequest } from '../../src/runtime/effects';
import { adoptionAdminRoutes } from './admin-routes';
import { findAsset } from './assets';
import { FREE_EFFECT, TAKE_EFFECT } from './flow';
import { LIST_EFFECT, RELEASE_EFFECT, STATE_EFFECT, type ListedAdoption } from './mine';
import { ADOPT_SCOPE, ADOPTIONS_SINK_KEY, AdoptionsSink } from './sink';
import { adoptionSummaries } from './summary';
import { MemoryAdoptionStore } from './store/memory-store';
import { RedisAdoptionStore } from './store/redis-store';
import type { AdoptionStore } from './store/store';

const takeArgs = z.strictObject({ assetId: z.string().min(1), name: z.string().trim().min(1).max(40).optional() });
const assetArgs = z.strictObject({ assetId: z.string().min(1) });
const stateArgs = z.strictObject({ assetId: z.string().min(1), state: z.enum(['cleared', 'needs_city']) });

function defaultStore(host: ModuleHost): AdoptionStore {
  return host.stores.redis ? new RedisAdoptionStore(host.stores.redis) : new MemoryAdoptionStore();
}

export function adoptServices(host: ModuleHost, store: AdoptionStore = defaultStore(host)): ModuleServices & { adoptions: AdoptionStore } {
  const adopterOf = (req: EffectRequest): string => host.pseudonym(ADOPT_SCOPE, req.person);

  const free = async (): Promise<EffectDone> => {
    const taken = await store.taken(host.catalog.assets.map((a) => a.id));
    return { result: { outcome: 'listed', taken: [...taken].sort() } };
  };
  const take = async (req: EffectRequest): Promise<EffectDone> => {
    const args = takeArgs.safeParse(req.args);
    if (!args.success || !findAsset(host.catalog, args.data.assetId)) return { result: { outcome: 'unavailable' } };
    const adopter = adopterOf(req);
    const { assetId, name } = args.data;
    const out = await store.take({ assetId, adopter, conversationId: req.conversationId, ...(name ? { name } : {}), adoptedAt: host.now().toISOString() });
    if (out.outcome !== 'taken') return { result: { outcome: out.outcome } };
    return { result: { outcome: 'taken', adopter }, undo: async () => void (await store.release(assetId, adopter)) };
  };
  const list = async (req: EffectRequest): Promise<EffectDone> => {
    const mine: ListedAdoption[] = (await store.ofAdopter(adopterOf(req))).map((a) => ({ assetId: a.assetId, ...(a.name ? { name: a.name } : {}) }));
    return { result: { outcome: 'listed', adoptions: mine as unknown as Json } };
  };
  const state = async (req: EffectRequest): Promise<EffectDone> => {
    const args = stateArgs.safeParse(req.args);
    if (!args.success) return { result: { outcome: 'unavailable' } };
    const adopter = adopterOf(req);
    const ok = await store.record(args.data.assetId, adopter, args.data.state, host.now().toISOString());
    return { result: ok ? { outcome: 'recorded', adopter } : { outcome: 'not_yours' } };
  };
  const release = async (req: EffectRequest): Promise<EffectDone> => {
    const args = assetArgs.safeParse(req.args);
    if (!args.success) return { result: { outcome: 'unavailable' } };
    const adopter = adopterOf(req);
    const released = await store.release(args.data.assetId, adopter);
    if (!released) return { result: { outcome: 'not_yours' } };
    // A turn that is not committed gives it back (unless someone took it in that instant).
    return { result: { outcome: 'released', adopter }, undo: async () => void (await store.take(released)) };
  };
  const releaseAll = async (adopter: string) => {
    const mine = await store.ofAdopter(adopter);
    for (const a of mine) await store.release(a.assetId, adopter);
    return mine;
  };

  return {
    adoptions: store,
    effects: { [FREE_EFFECT]: free, [TAKE_EFFECT]: take, [LIST_EFFECT]: list, [STATE_EFFECT]: state, [RELEASE_EFFECT]: release },
    sinks: [{ sinkKey: ADOPTIONS_SINK_KEY, sink: new AdoptionsSink(releaseAll) }],
    adminRouter: adoptionAdminRoutes(host, store),
    adoptionSummary: adoptionSummaries(host, store),
  };
}
