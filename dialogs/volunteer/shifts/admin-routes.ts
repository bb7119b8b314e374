/**
 * The agency's shift API, behind the admin token (mounted under /admin):
 * - `PUT /volunteering/shifts[?prune=true]`: adds or replaces shifts of existing opportunities.
 *   Body: CSV (`Content-Type: text/csv`, the columns of import-rows.ts, optionally `status`) or
 *   JSON (`{ "shifts": [...] }`). A `status` of `cancelled` cancels that shift; `prune=true`
 *   cancels the shifts still to start of the imported opportunities that the body no longer lists.
 *   200 `{ imported, added, updated, cancelled }`; 400 `invalid_body` with every problem in
 *   `problems` (nothing applied); 415 for another type.
 * - `GET /volunteering/shifts`: the shifts volunteers see now (catalogue and imports merged), per
 *   opportunity, times as ISO instants (a cancelled shift carries `cancelled`).
 * - `DELETE /volunteering/shifts/:id`: cancels the shift (cancel.ts); optional JSON body
 *   `{ "reason": { "en": "...", "es": "..." } }` in the deployment's languages. 200
 *   `{ shiftId, cancelledAt }`; 404 `not_found`; 409 `already_cancelled`, or `conflict` for a shift
 *   that has ended; 400 `invalid_body`.
 */
import express, { type Router } from 'express';
import { z } from 'zod';
import { sendImportProblems } from '../../../src/modules/table-import';
import { sendError } from '../../../src/server/api-error';
import { cancelShift } from './cancel';
import { importShifts, type ImportDeps } from './import';

/** A season of shifts as CSV is tens of kilobytes. */
const CSV_LIMIT = '1mb';

/** The optional body of a cancellation, for a deployment offering `locales`. */
export function cancelBody(locales: readonly string[]) {
  const reason = z.record(z.string(), z.string().trim().min(1).max(500)).refine((r) => Object.keys(r).every((l) => locales.includes(l)), { message: `reason languages must be among ${locales.join(', ')}` });
  return z.strictObject({ reason: reason.optional() });
}

export function shiftAdminRoutes(deps: ImportDeps & { locales: readonly string[] }): Router {
  const router = express.Router();
  const body = cancelBody(deps.locales);
  router.put('/volunteering/shifts', express.text({ type: 'text/csv', limit: CSV_LIMIT }), async (req, res) => {
    const prune = req.query.prune === 'true';
    let outcome;
    if (req.is('text/csv')) outcome = await importShifts({ csv: typeof req.body === 'string' ? req.body : '' }, deps, { prune });
    else if (req.is('application/json')) outcome = await importShifts({ json: req.body as unknown }, deps, { prune });
    else return sendError(res, 415, 'unsupported_media_type', 'send the shifts as text/csv or application/json');
    if (outcome.ok) {
      res.json({ imported: outcome.imported, added: outcome.added, updated: outcome.updated, cancelled: outcome.cancelled });
      return;
    }
    sendImportProblems(res, outcome.problems);
  });
  router.get('/volunteering/shifts', (_req, res) => {
    res.json({ opportunities: deps.view.opportunities().map((o) => ({ id: o.id, agency: o.agency, shifts: o.shifts })) });
  });
  router.delete('/volunteering/shifts/:id', async (req, res) => {
    const parsed = body.safeParse(req.body === undefined || (typeof req.body === 'object' && req.body !== null && Object.keys(req.body as object).length === 0) ? {} : req.body);
    if (!parsed.success) return sendError(res, 400, 'invalid_body', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    const out = await cancelShift(req.params.id, parsed.data.reason, deps);
    const id = req.params.id.slice(0, 80);
    switch (out.outcome) {
      case 'unknown':
        return sendError(res, 404, 'not_found', `no shift '${id}'`);
      case 'already':
        return sendError(res, 409, 'already_cancelled', `shift '${id}' was cancelled at ${out.cancelledAt}`);
      case 'ended':
        return sendError(res, 409, 'conflict', `shift '${id}' has ended`);
      case 'cancelled':
        res.json({ shiftId: out.shiftId, cancelledAt: out.cancelledAt });
    }
  });
  return router;
}
