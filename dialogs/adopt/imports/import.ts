/**
 * Applying an asset import (a CSV or GeoJSON file, check.ts) to the asset store: check every row
 * or feature, replace the imported set in one step or not at all, and refresh this process's
 * snapshot at once so the next turn lists the new assets. Assets the new file no longer lists are
 * "delisted": an adopted one is released and its adopter told (delisting.ts, run by the processes
 * that serve people; `released` counts them). Used by `PUT /admin/adoptions/assets` and `wegov
 * adopt:import`.
 */
import { randomUUID } from 'node:crypto';
import type { Catalog } from '../../../src/catalog/types';
import type { ImportProblem } from '../../../src/modules/table-import';
import type { AdoptionStore } from '../store/store';
import { checkCsv, checkGeoJson } from './check';
import type { AssetStore } from './store';
import type { AssetCatalog } from './view';

export type AssetSource = { csv: string } | { geojson: unknown };

export type AssetImportOutcome =
  | {
      ok: true;
      /** Assets in the file. */
      imported: number;
      /** Of those, new to the imported set. */
      added: number;
      /** Of those, already in it (now as the file has them). */
      updated: number;
      /** Imported assets of the previous set that this file no longer lists. */
      removed: number;
      /** Adopted assets no longer listed: their adoptions are released and their adopters told. */
      released: number;
    }
  | { ok: false; problems: ImportProblem[] };

export interface AssetImportDeps {
  catalog: Pick<Catalog, 'jurisdiction' | 'agencies'>;
  /** The catalogue's own assets (never replaced by an import). */
  catalogueIds: ReadonlySet<string>;
  store: AssetStore;
  view: AssetCatalog;
  adoptions: AdoptionStore;
}

export async function importAssets(source: AssetSource, deps: AssetImportDeps): Promise<AssetImportOutcome> {
  const ctx = { catalog: deps.catalog, catalogueIds: deps.catalogueIds };
  const checked = 'csv' in source ? checkCsv(source.csv, ctx) : checkGeoJson(source.geojson, ctx);
  if (!checked.ok) return checked;
  const { added, removed } = await deps.store.replace(checked.assets, randomUUID());
  await deps.view.refresh();
  const delisted = await deps.store.delisted();
  const released = (await deps.adoptions.taken(delisted.map((a) => a.id))).size;
  return { ok: true, imported: checked.assets.length, added, updated: checked.assets.length - added, removed, released };
}
