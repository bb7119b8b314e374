/**
 * The agency's results API, behind the admin token (mounted under /admin):
 * - `GET /consultations/:id/results?lang=es`: every count (no small-cell hiding), in a language,
 *   with the themes of the free-text answers (examples included);
 * - `GET /consultations/:id/responses.csv` and `.json`: one row per current response (export.ts),
 *   streamed page by page so 100,000 responses never sit in memory at once.
 */
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { Consultation } from '../../../src/catalog/types';
import { sendError } from '../../../src/server/api-error';
import { csvChunk } from './export';
import type { ConsultationResults } from './results';

const idParam = z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/);
const langQuery = z.strictObject({ lang: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/).optional() });

/** The consultation named by `:id`, or an answer (400 / 404) already sent. */
export function consultationParam(results: ConsultationResults, req: Request, res: Response): Consultation | undefined {
  const id = idParam.safeParse(req.params.id);
  if (!id.success) {
    sendError(res, 400, 'bad_request', 'id: a consultation id is lowercase letters, digits and dashes');
    return undefined;
  }
  const c = results.find(id.data);
  if (!c) sendError(res, 404, 'unknown_consultation', `no consultation '${id.data}' in the catalogue`);
  return c;
}

/** `?lang=` when valid (else an answer already sent): the language asked for, or the default. */
export function langParam(results: ConsultationResults, req: Request, res: Response): string | undefined {
  const q = langQuery.safeParse(req.query);
  if (!q.success) {
    sendError(res, 400, 'bad_request', 'query: only lang=<language tag> is understood');
    return undefined;
  }
  return q.data.lang ?? results.catalog.jurisdiction.defaultLocale;
}

export function adminRoutes(results: ConsultationResults): Router {
  const router = express.Router();
  router.get('/consultations/:id/results', async (req, res) => {
    const c = consultationParam(results, req, res);
    const lang = c && langParam(results, req, res);
    if (!c || !lang) return;
    const [summary, themes] = await Promise.all([results.summary(c, 'staff', lang), results.themes(c, 'staff')]);
    res.json({ ...summary, themes });
  });
  router.get('/consultations/:id/responses.csv', async (req, res) => {
    const c = consultationParam(results, req, res);
    if (!c) return;
    res.type('text/csv; charset=utf-8').attachment(`${c.id}-responses.csv`);
    res.write(csvChunk(c, [], true));
    for await (const page of results.responses(c)) res.write(csvChunk(c, page, false));
    res.end();
  });
  router.get('/consultations/:id/responses.json', async (req, res) => {
    const c = consultationParam(results, req, res);
    if (!c) return;
    res.type('application/json; charset=utf-8').attachment(`${c.id}-responses.json`);
    res.write(`{"consultation":${JSON.stringify(c.id)},"responses":[`);
    let first = true;
    for await (const page of results.responses(c)) {
      for (const r of page) {
        res.write(`${first ? '' : ','}${JSON.stringify({ ...r, participant: r.participant ?? null })}`);
        first = false;
      }
    }
    res.end(']}');
  });
  return router;
}
