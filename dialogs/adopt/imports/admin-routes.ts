/**
 * The agency's asset import API, behind the admin token (mounted under /admin):
 * - `PUT /adoptions/assets`: replaces the imported assets (the catalogue's stay). Body: CSV
 *   (`Content-Type: text/csv`, check.ts) or a GeoJSON FeatureCollection of Points
 *   (`application/geo+json` up to 5 MB; `application/json` within the admin API's JSON limit).
 *   200 `{ imported, added, updated, removed, released }`; 400 `invalid_body` with every problem in
 *   `problems` (nothing applied), or `invalid_json`; 413 `payload_too_large` past 5 MB; 415 for
 *   another type. Adoptions of assets no longer listed are released (delisting.ts).
 * - `GET /adoptions/assets`: every adoptable asset now (`source`: `catalogue` or `import`).
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { localized } from '../../../src/engine/locale';
import { sendImportProblems } from '../../../src/modules/table-import';
import { sendError } from '../../../src/server/api-error';
import { importAssets, type AssetImportDeps, type AssetSource } from './import';

/** A city's assets as CSV are a few megabytes (about 50 bytes a row); GeoJSON about five times that per asset. */
export const ASSET_FILE_LIMIT_BYTES = 5 * 1024 * 1024;
const TYPES = ['text/csv', 'application/geo+json'];
const readText = express.text({ type: TYPES, limit: ASSET_FILE_LIMIT_BYTES });

/** The file as text, or a coded 413 when it is too large (the limit in the message). */
function fileBody(req: Request, res: Response, next: NextFunction): void {
  readText(req, res, (err?: unknown) => {
    if (typeof err === 'object' && err !== null && (err as { type?: unknown }).type === 'entity.too.large') {
      sendError(res, 413, 'payload_too_large', `the file is larger than ${String(ASSET_FILE_LIMIT_BYTES / 1024 / 1024)} MB; import the assets from the command line (wegov adopt:import) instead`);
      return;
    }
    next(err);
  });
}

export function assetImportRoutes(deps: AssetImportDeps & { onImported: () => void }): Router {
  const router = express.Router();
  router.put('/adoptions/assets', fileBody, async (req, res) => {
    let source: AssetSource;
    if (req.is('text/csv')) source = { csv: typeof req.body === 'string' ? req.body : '' };
    else if (req.is('application/geo+json')) {
      try {
        source = { geojson: JSON.parse(typeof req.body === 'string' ? req.body : '') as unknown };
      } catch {
        return sendError(res, 400, 'invalid_json', 'the request body is not valid JSON');
      }
    } else if (req.is('application/json')) source = { geojson: req.body as unknown };
    else return sendError(res, 415, 'unsupported_media_type', 'send the assets as text/csv or application/geo+json (a FeatureCollection of Points)');
    const outcome = await importAssets(source, deps);
    if (!outcome.ok) return sendImportProblems(res, outcome.problems);
    // Adoptions of assets no longer listed are released in the background (their adopters are told).
    deps.onImported();
    res.json({ imported: outcome.imported, added: outcome.added, updated: outcome.updated, removed: outcome.removed, released: outcome.released });
  });
  router.get('/adoptions/assets', (_req, res) => {
    const def = deps.catalog.jurisdiction.defaultLocale;
    res.json({
      assets: deps.view.assets().map((a) => ({ id: a.id, type: a.type, name: localized(a.name, def, def), names: a.name, lat: a.lat, lon: a.lon, agency: a.agency, source: deps.view.isImported(a.id) ? 'import' : 'catalogue' })),
    });
  });
  return router;
}
