/**
 * `GET /open-data/reports.geojson[?lang=es]` (issue 16): the open reports as GeoJSON
 * (open-data.ts), mounted at the root as the report module's public route.
 * - `?lang=` one of the jurisdiction's languages (names in the file), default its default
 *   language; anything else in the query is refused: 400 `bad_request` (zod).
 * - The records are read page by page (ZSCAN of the open-reports index, `PAGE_SIZE` records a
 *   page), never in one reply, and the built file is kept per language for `FRESH_MS` in the
 *   process: lru-cache (already a dependency) gives the expiry and one build for concurrent
 *   requests (`fetch` coalesces them), on the host's clock.
 * - As the consultations' open data: `Cache-Control: public, max-age=60`, CORS open; plus a weak
 *   ETag over everything but `generated_at` (equal data, equal tag, in any process), so
 *   `If-None-Match` answers 304 without a body.
 * Media type `application/geo+json` (RFC 7946).
 */
import { createHash } from 'node:crypto';
import express, { type Router } from 'express';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import type { ModuleHost } from '../../src/modules/services';
import { sendError } from '../../src/server/api-error';
import { ReportsCollector } from './open-data';

const CACHE_CONTROL = 'public, max-age=60';
/** How long a built file is served again before the records are read anew. */
export const FRESH_MS = 30_000;
const PAGE_SIZE = 500;

interface Built {
  body: string;
  etag: string;
}

export function reportsOpenDataRoutes(host: ModuleHost, opts: { pageSize?: number } = {}): Router {
  const j = host.catalog.jurisdiction;
  const languages = [j.defaultLocale, ...j.locales.filter((l) => l !== j.defaultLocale)].filter((l) => host.i18n.locales.includes(l));
  const query = z.strictObject({ lang: z.enum(languages as [string, ...string[]]).optional() });
  const pageSize = opts.pageSize ?? PAGE_SIZE;

  const build = async (lang: string): Promise<Built> => {
    const collector = new ReportsCollector(host.catalog, lang);
    for await (const page of host.stores.reports.openPages(pageSize)) collector.add(page);
    const doc = collector.document({ licence: host.openDataLicence, generatedAt: host.now() });
    const { generated_at: _changesAlone, ...data } = doc;
    const etag = `W/"${createHash('sha256').update(JSON.stringify(data)).digest('base64url').slice(0, 27)}"`;
    return { body: JSON.stringify(doc), etag };
  };
  const files = new LRUCache<string, Built>({
    max: Math.max(1, languages.length),
    ttl: FRESH_MS,
    // The host's clock (tests move it); read on every lookup rather than cached by a timer.
    ttlResolution: 0,
    perf: { now: () => host.now().getTime() },
    fetchMethod: (lang) => build(lang),
  });

  const router = express.Router();
  router.get('/open-data/reports.geojson', async (req, res) => {
    const q = query.safeParse(req.query);
    if (!q.success) {
      sendError(res, 400, 'bad_request', `query: only lang=<${languages.join('|')}> is understood`);
      return;
    }
    const built = await files.fetch(q.data.lang ?? j.defaultLocale);
    if (!built) throw new Error('the reports file was not built');
    res.set({ 'Cache-Control': CACHE_CONTROL, 'Access-Control-Allow-Origin': '*', ETag: built.etag });
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    res.type('application/geo+json; charset=utf-8').send(built.body);
  });
  return router;
}
