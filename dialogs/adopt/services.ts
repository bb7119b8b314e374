/**
 * Adopt an asset, as module services (src/modules/services.ts): the adoption store (Redis when
 * the process has it, else memory), the effects the dialogs request (src/runtime/effects.ts),
 * all with the person's pseudonym in the scope `adopt`:
 * - `adopt.free`: which of the listed assets are taken (the dialog lists the nearest others);
 * - `adopt.take` `{ assetId, name? }`: taken / yours / taken_by_other, atomically (SET NX); a turn
 *   that is not committed releases it again;
 * - `adopt.list`, `adopt.state` `{ assetId, state }`, `adopt.release` `{ assetId }`;
 * the assets imported beside the catalogue's (imports/: the store, the per-process snapshot the
 * dialogs read as `catalog.assets`, the admin API and `wegov adopt:import`, and the release of
 * adoptions of assets an import no longer lists); the agency's admin API (admin-routes.ts) and its
 * nudges through a queue (nudges/: BullMQ on Redis, else in process; workers only where people's
 * turns run); the summary staff channels show (summary.ts: Slack's `/wegov adoptions`); and the
 * sink that ends a person's adoptions when they delete their data (sink.ts).
 */
import express from 'express';
import { z } from 'zod';
import type { Json } from '../../src/engine/json';
import { errorSummary } from '../../src/log';
import type { ModuleCommand, ModuleHost, ModuleServices } from '../../src/modules/services';
import { parseImportJson, readImportFile, reportImportProblems } from '../../src/modules/table-import';
import type { EffectDone, EffectRequest } from '../../src/runtime/effects';
import { adoptionAdminRoutes } from './admin-routes';
import { findAsset } from './assets';
import { FREE_EFFECT, TAKE_EFFECT } from './flow';
import { assetImportRoutes } from './imports/admin-routes';
import { delistingRunner } from './imports/delisting';
import { importAssets, type AssetImportDeps } from './imports/import';
import { RedisAssetStore } from './imports/redis-store';
import { MemoryAssetStore, type AssetStore } from './imports/store';
import { AssetCatalog } from './imports/view';
import { LIST_EFFECT, RELEASE_EFFECT, STATE_EFFECT, type ListedAdoption } from './mine';
import { BullmqNudgeQueue } from './nudges/bullmq';
import { MemoryNudgeQueue } from './nudges/memory';
import type { NudgeQueue } from './nudges/queue';
import { nudgeRoutes } from './nudges/routes';
import { releasedSubmission } from './released';
import { ADOPT_SCOPE, ADOPTIONS_SINK_KEY, AdoptionsSink } from './sink';
import { adoptionSummaries } from './summary';
import { MemoryAdoptionStore } from './store/memory-store';
import { RedisAdoptionStore } from './store/redis-store';
import type { AdoptionStore } from './store/store';

const takeArgs = z.strictObject({ assetId: z.string().min(1), name: z.string().trim().min(1).max(40).optional() });
const assetArgs = z.strictObject({ assetId: z.string().min(1) });
const stateArgs = z.strictObject({ assetId: z.string().min(1), state: z.enum(['cleared', 'needs_city']) });

/** What the other parts of the process (and tests) reach besides the module's services. */
export interface AdoptServices extends ModuleServices {
  adoptions: AdoptionStore;
  /** The listed assets (catalogue and imports) this process sees: `catalog.assets` reads it. */
  assets: AssetCatalog;
  /** Nudges (only where people's turns run). */
  nudges: NudgeQueue | undefined;
}

export function adoptServices(
  host: ModuleHost,
  stores: { adoptions?: AdoptionStore; assets?: AssetStore } = {},
): AdoptServices {
  const redis = host.stores.redis;
  const store = stores.adoptions ?? (redis ? new RedisAdoptionStore(redis) : new MemoryAdoptionStore());
  const assetStore = stores.assets ?? (redis ? new RedisAssetStore(redis) : new MemoryAssetStore());
  const catalogue = [...host.catalog.assets];
  const view = new AssetCatalog({ catalogue, store: assetStore, logger: host.logger });
  view.start();
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
  /** "Delete my data": the agency hears of each adoption's end (no pseudonym), then the asset is freed. */
  const forget = async (adopter: string): Promise<number> => {
    let released = 0;
    for (const a of await store.ofAdopter(adopter)) {
      const asset = findAsset(host.catalog, a.assetId);
      if (asset) await host.submit(releasedSubmission(asset, a, 'erased', host.now().toISOString()));
      else host.logger.warn({ assetId: a.assetId }, 'an erased adoption of an asset no longer listed is released without telling the agency');
      if (await store.release(a.assetId, adopter)) released += 1;
    }
    return released;
  };

  // Where people's turns run: nudges are delivered, and adoptions of delisted assets released.
  const nudges: NudgeQueue | undefined = host.serving
    ? host.serving.redisUrl
      ? new BullmqNudgeQueue({ redisUrl: host.serving.redisUrl, ...(host.serving.queueName ? { name: host.serving.queueName } : {}), ...(host.serving.bulkNoticesPerMinute ? { perMinute: host.serving.bulkNoticesPerMinute } : {}) })
      : new MemoryNudgeQueue({ ...(host.serving.bulkNoticesPerMinute ? { perMinute: host.serving.bulkNoticesPerMinute } : {}) })
    : undefined;
  if (host.serving?.background !== false) nudges?.startWorker(async (nudge, target) => {
    try {
      const told = await host.notify(target.conversationId, { module: 'adopt', notice: 'nudge', data: { message: nudge.message }, dedupeId: `nudge:${nudge.id}:${target.adopter}` });
      return told === 'conversation_gone' ? 'conversation_gone' : 'delivered';
    } catch (error) {
      host.logger.warn({ err: errorSummary(error), nudgeId: nudge.id }, 'could not nudge an adopter; retrying');
      throw error;
    }
  });
  const delisting = delistingRunner({ host, store: assetStore, view, adoptions: store });
  if (host.serving) {
    view.onChange(() => void delisting.run());
    void delisting.run();
  }

  const importDeps: AssetImportDeps = { catalog: host.catalog, catalogueIds: new Set(catalogue.map((a) => a.id)), store: assetStore, view, adoptions: store };
  const importCommand: ModuleCommand = {
    name: 'adopt:import',
    usage: 'adopt:import <file.csv|file.geojson>   replace the imported adoptable assets (all or nothing; the catalogue\'s stay)',
    async run(args, io) {
      const read = readImportFile(args[0], io, 'adopt:import <file.csv|file.geojson>   (CSV columns: id,type,name,lat,lon,agency)');
      if (typeof read === 'number') return read;
      const { file, text } = read;
      let outcome;
      if (/\.(geo)?json$/i.test(file)) {
        const parsed = parseImportJson(file, text, io);
        if (typeof parsed === 'number') return parsed;
        outcome = await importAssets({ geojson: parsed.json }, importDeps);
      } else outcome = await importAssets({ csv: text }, importDeps);
      if (!outcome.ok) return reportImportProblems(file, outcome.problems, io);
      const released = outcome.released > 0 ? `; ${String(outcome.released)} adopted ones no longer listed: their adopters will be told` : '';
      io.write(`imported ${String(outcome.imported)} assets (${String(outcome.added)} added, ${String(outcome.updated)} updated, ${String(outcome.removed)} no longer listed${released})\n`);
      return 0;
    },
  };

  const admin = express.Router();
  admin.use(adoptionAdminRoutes(host, store));
  admin.use(nudgeRoutes(host, store, nudges));
  admin.use(assetImportRoutes({ ...importDeps, onImported: () => void delisting.run() }));

  return {
    adoptions: store,
    assets: view,
    nudges,
    effects: { [FREE_EFFECT]: free, [TAKE_EFFECT]: take, [LIST_EFFECT]: list, [STATE_EFFECT]: state, [RELEASE_EFFECT]: release },
    sinks: [{ sinkKey: ADOPTIONS_SINK_KEY, sink: new AdoptionsSink(forget) }],
    adminRouter: admin,
    adoptionSummary: adoptionSummaries(host, store),
    commands: [importCommand],
    close: async () => {
      await view.close();
      await nudges?.close();
      await delisting.idle();
    },
  };
}
