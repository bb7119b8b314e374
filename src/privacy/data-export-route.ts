/**
 * `GET /my-data/:exportId?exp=...&sig=...`: the "my data" file, built live from the stores
 * (src/privacy/data-export-document.ts) and sent as a download that no cache keeps.
 *
 *   404 not_found  the link is malformed, forged or altered (nothing about stored ids leaks),
 *                  or the conversation no longer exists ("delete my data", expiry)
 *   410 expired    a genuine link past its time
 *
 * Nothing is logged here: the request log masks the export id (server/request-log.ts), and
 * the file's contents never reach a log.
 */
import type { RequestHandler, Response } from 'express';
import type { Catalog } from '../catalog/types';
import type { ConsentWording } from '../engine/consent';
import type { ResultRef } from '../engine/result-ref';
import { sessionSchema } from '../engine/session-schema';
import type { Renderer } from '../runtime/deps';
import type { MediaStore, SessionStore } from '../state/types';
import type { ReportRecord, ReportRecords } from '../cases/report-record';
import type { CaseView } from './data-export-cases';
import { buildMyDataDocument } from './data-export-document';
import { resolveDataExportLink } from './data-export-link';

export interface DataExportRouteDeps {
  store: SessionStore;
  /** Where link records live (the same store the links were minted in). */
  media: MediaStore;
  secret: string;
  i18n: Pick<Renderer, 'renderText'>;
  catalog: Catalog;
  casesOf: (result: ResultRef) => Promise<CaseView[]>;
  /** The report records: the references the conversation follows, newest first. */
  reports?: Pick<ReportRecords, 'followedBy' | 'get'>;
  consentWordings: readonly ConsentWording[];
  now?: () => Date;
}

export const MY_DATA_FILENAME = 'wegov-my-data.json';

function fail(res: Response, status: 404 | 410, code: 'not_found' | 'expired', message: string): void {
  res.set('Cache-Control', 'no-store');
  res.status(status).json({ error: { code, message } });
}

export function dataExportRoute(deps: DataExportRouteDeps): RequestHandler<{ id: string }> {
  return async (req, res) => {
    const now = deps.now?.() ?? new Date();
    const link = await resolveDataExportLink({ secret: deps.secret, media: deps.media, now: () => now }, { exportId: req.params.id, exp: req.query.exp, sig: req.query.sig });
    if (!link.ok) {
      if (link.reason === 'expired') return fail(res, 410, 'expired', 'this link has expired: type "my data" in the chat for a new one');
      return fail(res, 404, 'not_found', 'no such data link');
    }
    const loaded = await deps.store.load(link.conversationId);
    const session = sessionSchema.safeParse(loaded.conversation?.session);
    if (!session.success) return fail(res, 404, 'not_found', 'this conversation no longer exists');
    const history = await deps.store.history(link.conversationId);
    const followed = deps.reports ? await Promise.all((await deps.reports.followedBy(link.conversationId)).map((ref) => deps.reports!.get(ref))) : [];
    const following = followed.filter((r): r is ReportRecord => r !== null).sort((a, b) => b.submittedAt.localeCompare(a.submittedAt));
    const document = await buildMyDataDocument({
      session: session.data,
      history,
      casesOf: deps.casesOf,
      following,
      i18n: deps.i18n,
      catalog: deps.catalog,
      consentWordings: deps.consentWordings,
      now,
    });
    res.set({
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${MY_DATA_FILENAME}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Referrer-Policy': 'no-referrer',
    });
    res.status(200).send(`${JSON.stringify(document, null, 2)}\n`);
  };
}
