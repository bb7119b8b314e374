/**
 * The agency's adoptions API, behind the admin token (mounted under /admin), map-free (issue 13):
 * - `GET /adoptions`: `{ adoptions: [{ assetId, type, name, agency, lat, lon, adopter, givenName?,
 *   adoptedAt, state?, stateAt? }] }` (the adopter is the pseudonym; `?type=storm_drain` filters).
 * - `GET /adoptions.csv`: the same rows (csv-stringify, CRLF and a UTF-8 byte order mark, like the
 *   consultation exports, so spreadsheets open every language).
 * - `POST /adoptions/nudge` `{ type, message: { en, es, ar } }`: one notice to each adopter of that
 *   type, in their own language (notices.ts), once per nudge and adopter (`dedupeId`); 202
 *   `{ nudgeId, adopters, delivered }`.
 */
import { randomUUID } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import express, { type Router } from 'express';
import { z } from 'zod';
import type { Catalog } from '../../src/catalog/types';
import { localized } from '../../src/engine/locale';
import type { ModuleHost } from '../../src/modules/services';
import { sendError } from '../../src/server/api-error';
import { errorSummary } from '../../src/log';
import type { Adoption, AdoptionStore } from './store/store';

const BOM = '\uFEFF';
const COLUMNS = ['asset_id', 'type', 'name', 'agency', 'lat', 'lon', 'adopter', 'given_name', 'adopted_at', 'state', 'state_at'];

const nudgeBody = z.strictObject({
  type: z.string().min(1),
  message: z.record(z.string(), z.string().trim().min(1).max(1000)).refine((m) => Object.keys(m).length > 0, 'message needs at least one language'),
  /** Optional: a retried request with the same id reaches nobody twice. */
  nudgeId: z.string().min(1).max(100).optional(),
});

function rows(catalog: Catalog, adoptions: Adoption[], type: string | undefined) {
  const def = catalog.jurisdiction.defaultLocale;
  return adoptions.flatMap((a) => {
    const asset = catalog.assets.find((x) => x.id === a.assetId);
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

export function adoptionAdminRoutes(host: ModuleHost, store: AdoptionStore): Router {
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
  router.post('/adoptions/nudge', async (req, res) => {
    const body = nudgeBody.safeParse(req.body);
    if (!body.success) return sendError(res, 400, 'invalid_body', body.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    const { type, message } = body.data;
    if (!host.catalog.assets.some((a) => a.type === type)) return sendError(res, 400, 'invalid_body', `no asset of type '${type}' in the catalogue`);
    const nudgeId = body.data.nudgeId ?? randomUUID();
    const adopters = (await store.all()).filter((a) => host.catalog.assets.find((x) => x.id === a.assetId)?.type === type);
    let delivered = 0;
    // One after another: each is a turn of that person's conversation (channels' rate limits apply per delivery).
    for (const a of adopters) {
      try {
        const out = await host.notify(a.conversationId, { module: 'adopt', notice: 'nudge', data: { message }, dedupeId: `nudge:${nudgeId}:${a.adopter}:${a.assetId}` });
        if (out === 'delivered') delivered++;
      } catch (error: unknown) {
        host.logger.warn({ err: errorSummary(error), assetId: a.assetId }, 'could not nudge an adopter');
      }
    }
    res.status(202).json({ nudgeId, adopters: adopters.length, delivered });
  });
  return router;
}
