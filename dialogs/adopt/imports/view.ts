/**
 * The adoptable assets as people and agencies see them: the catalogue's, then the imported ones
 * (store.ts). The dialogs read `catalog.assets` synchronously, so this is a per-process snapshot
 * (src/modules/live-snapshot.ts), like volunteering's shifts (../../volunteer/catalog-view.ts):
 * refreshed right after an import in this process and every 10 s otherwise, reading the whole
 * imported set only when its version changed. A catalogue asset keeps its id: an imported asset
 * of the same id (the catalogue was edited after the import) is left out.
 */
import type { AdoptableAsset } from '../../../src/catalog/types';
import type { Logger } from '../../../src/log';
import { LiveSnapshot } from '../../../src/modules/live-snapshot';
import type { AssetStore } from './store';

interface Snapshot {
  version: string | null;
  assets: AdoptableAsset[];
  imported: ReadonlySet<string>;
}

export class AssetCatalog {
  private readonly live: LiveSnapshot<Snapshot>;
  private readonly changed: (() => void)[] = [];

  constructor(opts: { catalogue: readonly AdoptableAsset[]; store: AssetStore; logger?: Logger; refreshMs?: number }) {
    const catalogue = [...opts.catalogue];
    const ids = new Set(catalogue.map((a) => a.id));
    this.live = new LiveSnapshot<Snapshot>({
      initial: { version: null, assets: catalogue, imported: new Set() },
      load: async () => {
        if ((await opts.store.version()) === this.live.current().version) return undefined;
        const set = await opts.store.all();
        const imported = set.assets.filter((a) => !ids.has(a.id)).sort((a, b) => a.id.localeCompare(b.id));
        return { version: set.version, assets: [...catalogue, ...imported], imported: new Set(imported.map((a) => a.id)) };
      },
      what: 'imported adoptable assets',
      applied: () => {
        for (const f of this.changed) f();
      },
      ...(opts.logger ? { logger: opts.logger } : {}),
      ...(opts.refreshMs === undefined ? {} : { refreshMs: opts.refreshMs }),
    });
  }

  /** The catalogue's assets, then the imported ones (by id). */
  assets(): AdoptableAsset[] {
    return this.live.current().assets;
  }

  /** Whether the asset came from an import (not the catalogue). */
  isImported(id: string): boolean {
    return this.live.current().imported.has(id);
  }

  /** Calls `f` whenever a refresh finds a new import (in this process or another). */
  onChange(f: () => void): void {
    this.changed.push(f);
  }

  refresh(): Promise<void> {
    return this.live.refresh();
  }

  nextRefresh(): Promise<void> {
    return this.live.nextRefresh();
  }

  start(): void {
    this.live.start();
  }

  close(): Promise<void> {
    return this.live.close();
  }
}
