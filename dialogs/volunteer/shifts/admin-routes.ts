/**
 * The agency's shift API, behind the admin token (mounted under /admin):
 * - `PUT /volunteering/shifts`: adds or replaces shifts of existing opportunities. Body: CSV
 *   (`Content-Type: text/csv`, the columns of import-rows.ts) or JSON (`{ "shifts": [...] }`).
 *   200 `{ imported, added, updated }`; 400 `invalid_body` with every problem in `problems`
 *   (nothing applied); 415 for another type.
 * - `GET /volunteering/shifts`: the shifts volunteers see now (catalogue and imports merged), per
 *   opportunity, times as ISO instants.
 */
import express, { type Router } from 'express';
import { sendImportProblems } from '../../../src/modules/table-import';
import { sendError } from '../../../src/server/api-error';
import type { VolunteerCatalog } from '../catalog-view';
import { importShifts } from './import';
import type { ShiftStore } from './store';

/** A season of shifts as CSV is tens of kilobytes. */
const CSV_LIMIT = '1mb';

export function shiftAdminRoutes(deps: { view: VolunteerCatalog; store: ShiftStore; timeZone: string }): Router {
  const router = express.Router();
  router.put('/volunteering/shifts', express.text({ type: 'text/csv', limit: CSV_LIMIT }), async (req, res) => {
    let outcome;
    if (req.is('text/csv')) outcome = await importShifts({ csv: typeof req.body === 'string' ? req.body : '' }, deps);
    else if (req.is('application/json')) outcome = await importShifts({ json: req.body as unknown }, deps);
    else return sendError(res, 415, 'unsupported_media_type', 'send the shifts as text/csv or application/json');
    if (outcome.ok) {
      res.json({ imported: outcome.imported, added: outcome.added, updated: outcome.updated });
      return;
    }
    sendImportProblems(res, outcome.problems);
  });
  router.get('/volunteering/shifts', (_req, res) => {
    res.json({ opportunities: deps.view.opportunities().map((o) => ({ id: o.id, agency: o.agency, shifts: o.shifts })) });
  });
  return router;
}
