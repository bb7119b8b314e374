/**
 * What happens to an adopted asset an import no longer lists (issue 13). Keeping the adoption
 * would leave the person looking after something the city no longer lists, with no way to report
 * on it ("My adoptions" cannot name it, a "needs the city" has no place to go): so the adoption is
 * released, the agency gets an `asset_released` (reason `delisted`, through the outbox), and the
 * adopter is told in their chat and language, naming the asset as it was listed (notices.ts).
 *
 * Runs in the processes that serve people (they can tell them): right after an import there, and
 * at every snapshot refresh (10 s) otherwise, so an import from `wegov adopt:import` is handled by
 * them too. Each delisted asset leaves the store's delisted set only once all three are done; every
 * step is idempotent (the result's id and the notice's dedupe id come from the adoption, a release
 * compares the adopter), so a crash or two processes at once repeat nothing. An asset that an
 * import lists again before the pass is left alone.
 */
import type { ModuleHost } from '../../../src/modules/services';
import { serialPasses, type SerialPasses } from '../../../src/modules/serial-passes';
import { releasedSubmission } from '../released';
import type { AdoptionStore } from '../store/store';
import type { AssetStore } from './store';
import type { AssetCatalog } from './view';

export interface DelistingDeps {
  host: Pick<ModuleHost, 'submit' | 'notify' | 'now' | 'logger'>;
  store: AssetStore;
  view: AssetCatalog;
  adoptions: AdoptionStore;
}

/** Releases the adoptions of delisted assets; returns how many it released. */
export async function releaseDelisted(deps: DelistingDeps): Promise<number> {
  const { host, store, view, adoptions } = deps;
  const delisted = await store.delisted();
  if (delisted.length === 0) return 0;
  const listed = new Set(view.assets().map((a) => a.id));
  const adopted = await adoptions.taken(delisted.map((a) => a.id));
  // Nothing to do for those listed again or never adopted.
  await store.delistingDone(delisted.filter((a) => listed.has(a.id) || !adopted.has(a.id)).map((a) => a.id));
  let released = 0;
  for (const asset of delisted.filter((a) => !listed.has(a.id) && adopted.has(a.id))) {
    const held = await adoptions.get(asset.id);
    if (held) {
      await host.submit(releasedSubmission(asset, held, 'delisted', host.now().toISOString()));
      const told = await host.notify(held.conversationId, {
        module: 'adopt',
        notice: 'delisted',
        data: { type: asset.type, name: asset.name, ...(held.name ? { given: held.name } : {}) },
        dedupeId: `delisted:${asset.id}:${held.adopter}:${held.adoptedAt}`,
      });
      if (told === 'conversation_gone') host.logger.info({ assetId: asset.id }, "a delisted asset's adopter has no conversation left to tell");
      if (await adoptions.release(asset.id, held.adopter)) released += 1;
    }
    await store.delistingDone([asset.id]);
  }
  return released;
}

/** Runs passes one at a time; a pass asked for while one runs follows it. Failures are logged and retried by the next pass. */
export function delistingRunner(deps: DelistingDeps): SerialPasses {
  return serialPasses(deps.host.logger, () => releaseDelisted(deps), {
    key: 'released',
    done: 'adoptions of delisted assets released',
    failed: 'delisted assets not all released; the next pass retries',
  });
}
