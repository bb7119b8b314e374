/**
 * The agency's adoptions API, behind the admin token (mounted under /admin), map-free (issue 13):
 * - `GET /adoptions`: `{ adoptions: [{ assetId, type, name, agency, lat, lon, adopter, givenName?,
 *   adoptedAt, state?, stateAt? }] }` (the adopter is the pseudonym; `?type=storm_drain` filters).
 * - `GET /adoptions.csv`: the same rows (csv-stringify, CRLF and a UTF-8 byte order mark, like the
 *   consultation exports, so spreadsheets open every language).
 * Nudges (nudges/routes.ts) and asset imports (imports/admin-routes.ts) have their own.
 */
import { stringify } from 'csv-stringify/sync';
import express, { type Router } from 'express';
import type { Catalog } from '../../src/catalog/types';
import { localized } from '../../src/engine/locale';
import type { ModuleHost } from '../../src/modules/services';
import type { Adoption, AdoptionStore } from './store/store';

const BOM = '\uFEFF';
const COLUMNS = ['asset_id', 'type', 'name', 'agency', 'lat', 'lon', 'adopter', 'given_name', 'adopted_at', 'state', 'state_at'];

function rows(catalog: Catalog, adoptions: Adoption[], type: string | undefined) {
  const def = catalog.jurisdiction.defaultLocale;
  const byId = new Map(catalog.assets.map((x) => [x.id, x]));
  return adoptions.flatMap((a) => {
    const asset = byId.get(a.assetId);
    if (!asset || (type && asset.type !== type)) return [];
    return [
      {
        assetId: a.assetId,
        type: asset.type,
        name: localized(asset.name, def, def),
        agency: asset.agency,
        lat: asset.lat,
        lon: asset.lon,
        adopter: a.adopter,
        ...(a.name ? { givenName: a.name } : {}),
        adoptedAt: a.adoptedAt,
        ...(a.state ? { state: a.state, stateAt: a.stateAt } : {}),
      },
    ];
  });
}

export function adoptionAdminRoutes(host: Pick<ModuleHost, 'catalog'>, store: AdoptionStore): Router {
  const router = express.Router();
  const typeOf = (q: unknown): string | undefined => (typeof q === 'string' && q ? q : undefined);
  router.get('/adoptions', async (req, res) => {
    res.json({ adoptions: rows(host.catalog, await store.all(), typeOf(req.query.type)) });
  });
  router.get('/adoptions.csv', async (req, res) => {
    const records = rows(host.catalog, await store.all(), typeOf(req.query.type)).map((r) => [r.assetId, r.type, r.name, r.agency, r.lat, r.lon, r.adopter, r.givenName ?? '', r.adoptedAt, r.state ?? '', r.stateAt ?? '']);
    res.type('text/csv; charset=utf-8').attachment('adoptions.csv');
    res.send(BOM + stringify([COLUMNS, ...records], { record_delimiter: '\r\n' }));
  });
  return router;
}
