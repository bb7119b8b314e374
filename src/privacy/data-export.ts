/**
 * "My data", wired: the link minter the runtime calls when a turn asks for a link
 * (`RuntimeDeps.dataExport`) and the route that serves the file (`GET /my-data/:id`). Both
 * share the store the link records live in and the signing secret, so a link minted by one
 * process opens on any other process on the same Redis with the same WEGOV_MEDIA_URL_SECRET.
 */
import type { RequestHandler } from 'express';
import type { CaseStore } from '../cases/types';
import type { Catalog } from '../catalog/types';
import type { ConsentWording } from '../engine/consent';
import type { Renderer } from '../runtime/deps';
import type { MediaStore, SessionStore } from '../state/types';
import { caseLookup } from './data-export-cases';
import { dataExportLinks } from './data-export-link';
import { dataExportRoute, type DataExportRouteDeps } from './data-export-route';

export interface DataExportDeps {
  /** WEGOV_PUBLIC_URL: links start with it. */
  baseUrl: string;
  /** The photo-link secret (see data-export-link.ts). */
  secret: string;
  store: SessionStore;
  /** The process's shared blob store (not a wrapper that resolves Telegram files). */
  media: MediaStore;
  cases: CaseStore;
  /** The report records: the file lists the reports the conversation follows. */
  reports?: DataExportRouteDeps['reports'];
  catalog: Catalog;
  i18n: Pick<Renderer, 'renderText'>;
  /** The consent wordings in use (dialogs/report/contact-steps.ts CONSENT_WORDING). */
  consentWordings: readonly ConsentWording[];
  ttlSeconds?: number;
  now?: () => Date;
}

export interface DataExport {
  /** Mints a link for a conversation (RuntimeDeps.dataExport). */
  link: (conversationId: string) => Promise<string>;
  /** `GET /my-data/:id`. */
  route: RequestHandler<{ id: string }>;
}

export function createDataExport(deps: DataExportDeps): DataExport {
  const clock = deps.now ? { now: deps.now } : {};
  return {
    link: dataExportLinks({ baseUrl: deps.baseUrl, secret: deps.secret, media: deps.media, ...(deps.ttlSeconds !== undefined ? { ttlSeconds: deps.ttlSeconds } : {}), ...clock }),
    route: dataExportRoute({
      store: deps.store,
      media: deps.media,
      secret: deps.secret,
      i18n: deps.i18n,
      catalog: deps.catalog,
      casesOf: caseLookup({ cases: deps.cases }),
      ...(deps.reports ? { reports: deps.reports } : {}),
      consentWordings: deps.consentWordings,
      ...clock,
    }),
  };
}
