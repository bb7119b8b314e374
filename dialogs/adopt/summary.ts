/**
 * The adopt module's AdoptionSummaries (src/modules/adoptions.ts) for staff channels: per asset
 * type of the catalogue, adopted and free counts, the adopted assets whose latest report (made in
 * the last 7 days) says "cleared" or "needs the city", and the assets that need the city, most
 * recent first. From the adoption store (one state per adoption: a second report of the same
 * asset replaces the first, and a released asset's reports go with it). Nothing about adopters.
 */
import { localized } from '../../src/engine/locale';
import { ADOPTION_REPORT_DAYS, type AdoptionSummaries, type AdoptionTypeSummary, type NeedsCityAsset } from '../../src/modules/adoptions';
import type { ModuleHost } from '../../src/modules/services';
import type { AdoptionStore } from './store/store';
import { typeText } from './text';

export function adoptionSummaries(host: Pick<ModuleHost, 'catalog' | 'i18n'>, store: AdoptionStore): AdoptionSummaries {
  const types = (): string[] => [...new Set(host.catalog.assets.map((a) => a.type))];
  return {
    types,
    async summary({ locale, now, type, limit }) {
      const def = host.catalog.jurisdiction.defaultLocale;
      const since = new Date(now.getTime() - ADOPTION_REPORT_DAYS * 86_400_000).toISOString();
      const assets = host.catalog.assets.filter((a) => type === undefined || a.type === type);
      const held = new Map((await store.all()).map((a) => [a.assetId, a]));
      const byType = new Map<string, AdoptionTypeSummary>();
      const needsCity: NeedsCityAsset[] = [];
      for (const asset of assets) {
        let row = byType.get(asset.type);
        if (!row) {
          row = { type: asset.type, label: host.i18n.renderText([typeText(asset.type)], locale), adopted: 0, free: 0, cleared: 0, needsCity: 0 };
          byType.set(asset.type, row);
        }
        const a = held.get(asset.id);
        if (!a) {
          row.free += 1;
          continue;
        }
        row.adopted += 1;
        const recent = a.stateAt !== undefined && a.stateAt >= since;
        if (a.state === 'cleared' && recent) row.cleared += 1;
        if (a.state === 'needs_city') {
          if (recent) row.needsCity += 1;
          needsCity.push({ assetId: asset.id, type: asset.type, name: localized(asset.name, locale, def), lat: asset.lat, lon: asset.lon, reportedAt: a.stateAt ?? a.adoptedAt });
        }
      }
      needsCity.sort((x, y) => y.reportedAt.localeCompare(x.reportedAt) || x.assetId.localeCompare(y.assetId));
      return { since, types: [...byType.values()], needsCity: needsCity.slice(0, limit), moreNeedsCity: Math.max(0, needsCity.length - limit) };
    },
  };
}
