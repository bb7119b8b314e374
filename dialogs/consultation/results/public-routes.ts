/**
 * The public side of consultation results (issue 12), mounted at the root of the app:
 * - `GET /consultations`: the index (public audiences only), with links into the chat and to results;
 * - `GET /consultations/:id`: the results page, server-rendered in the reader's language
 *   (`?lang=`, else Accept-Language among the jurisdiction's languages), or a notice when the
 *   results are withheld (200, no numbers), or a localized 404 page;
 * - `GET /open-data/consultations.json`, `/open-data/consultations/:id.json` and `.csv`:
 *   aggregates only, with the licence and `generated_at` (open-data.ts); withheld: 403
 *   `results_withheld`, unknown: 404 `unknown_consultation`.
 * Staff-audience consultations do not exist here: never listed, 404 like an unknown id.
 * Pages and files may be cached for a minute (`Cache-Control: public, max-age=60`).
 */
import express, { type Request, type Response, type Router } from 'express';
import type { Consultation } from '../../../src/catalog/types';
import { localized } from '../../../src/engine/locale';
import type { ModuleHost } from '../../../src/modules/services';
import { sendError } from '../../../src/server/api-error';
import { html } from './html';
import { catalogueDocument, csvRows, csvText, resultsDocument } from './open-data';
import { pageHtml } from './page-html';
import { consultationHeading, indexMain, notFoundMain, publicConsultations, withheldMain } from './public-pages';
import { offeredLanguages, readerFor, readerLanguage, type Reader } from './reader';
import type { ConsultationResults } from './results';
import { resultsMain } from './results-page';

const CACHE = 'public, max-age=60';
const ID = /^[a-z0-9][a-z0-9_-]{0,39}$/;

export function publicRoutes(results: ConsultationResults, host: ModuleHost): Router {
  const router = express.Router();
  const languages = offeredLanguages(host);
  const catalog = results.catalog;
  const publicUrl = host.publicUrl.replace(/(?<!\/)\/+$/, '');

  /** A public-audience consultation by id, or undefined. */
  const find = (id: string | undefined): Consultation | undefined => {
    const c = id !== undefined && ID.test(id) ? results.find(id) : undefined;
    return c?.audience.kind === 'public' ? c : undefined;
  };
  const reader = (req: Request): Reader => readerFor(host, languages, readerLanguage(languages, req));
  /** The file's language: `?lang=` when offered, else the default (files do not follow Accept-Language). */
  const fileReader = (req: Request): Reader => readerFor(host, languages, languages.find((l) => l.code === req.query.lang) ?? languages[0]!);
  const sendPage = (res: Response, status: number, r: Reader, path: string, title: string, main: ReturnType<typeof html>, back = true): void => {
    res
      .status(status)
      .set({ 'Cache-Control': status === 200 ? CACHE : 'no-cache', 'Content-Language': r.lang.code, Vary: 'Accept-Language' })
      .type('html')
      .send(
        pageHtml({
          lang: r.lang,
          languages: r.languages,
          title,
          path,
          languageLabel: r.t('language'),
          ...(back ? { back: { href: `/consultations?lang=${r.lang.code}`, text: r.t('all_consultations') } } : {}),
          main,
        }),
      );
  };

  router.get('/consultations', (req, res) => {
    const r = reader(req);
    const main = indexMain(r, catalog, host.now(), (c) => results.publicWithheld(c));
    sendPage(res, 200, r, '/consultations', r.t('all_consultations'), main, false);
  });

  router.get('/consultations/:id', async (req, res) => {
    const r = reader(req);
    const c = find(req.params.id);
    if (!c) {
      sendPage(res, 404, r, req.path, r.t('not_found_title'), notFoundMain(r));
      return;
    }
    const now = host.now();
    const heading = consultationHeading(r, catalog, c, now);
    const withheld = results.publicWithheld(c);
    const path = `/consultations/${c.id}`;
    const title = r.t('page_title', { title: localized(c.title, r.lang.code, catalog.jurisdiction.defaultLocale) });
    if (withheld) {
      sendPage(res, 200, r, path, title, html`${heading}${withheldMain(r, c, withheld)}`);
      return;
    }
    const [summary, themes] = await Promise.all([results.summary(c, 'public', r.lang.code), results.themes(c, 'public')]);
    const files = html`<section class="no-print" aria-labelledby="open-data"><h2 id="open-data">${r.t('open_data')}</h2><p>${
      // The sentence's links are built here (the locale text names them by placeholders).
      r
        .t('open_data_links', { json: '\u0000json\u0000', csv: '\u0000csv\u0000', licence: host.openDataLicence })
        .split('\u0000')
        .map((part) =>
          part === 'json'
            ? html`<a href="/open-data/consultations/${c.id}.json?lang=${r.lang.code}">JSON</a>`
            : part === 'csv'
              ? html`<a href="/open-data/consultations/${c.id}.csv?lang=${r.lang.code}">CSV</a>`
              : part,
        )
    }</p><p class="meta">${r.t('updated', { date: r.date(now.toISOString()) })}</p></section>`;
    sendPage(res, 200, r, path, title, html`${heading}${resultsMain({ r, catalog, consultation: c, summary, themes })}${files}`);
  });

  const openData = (res: Response): Response => res.set({ 'Cache-Control': CACHE, 'Access-Control-Allow-Origin': '*' });

  router.get('/open-data/consultations.json', (_req, res) => {
    const doc = catalogueDocument({ catalog, consultations: publicConsultations(catalog), now: host.now(), licence: host.openDataLicence, publicUrl, withheld: (c) => results.publicWithheld(c) });
    openData(res).json(doc);
  });

  /** The consultation of an open-data file, or an error already sent. */
  const dataFor = (req: Request, res: Response): Consultation | undefined => {
    const id = req.params.id;
    const c = find(typeof id === 'string' ? id : undefined);
    if (!c) {
      sendError(res, 404, 'unknown_consultation', `no public consultation '${String(id)}'`);
      return undefined;
    }
    const withheld = results.publicWithheld(c);
    if (withheld) {
      const message = withheld === 'after_close' ? `results are published after the consultation closes at ${c.closesAt}` : 'results are for staff only';
      res.set('Cache-Control', CACHE);
      sendError(res, 403, 'results_withheld', message);
      return undefined;
    }
    return c;
  };

  router.get('/open-data/consultations/:id.json', async (req, res) => {
    const c = dataFor(req, res);
    if (!c) return;
    const r = fileReader(req);
    const [summary, themes] = await Promise.all([results.summary(c, 'public', r.lang.code), results.themes(c, 'public')]);
    openData(res).json(resultsDocument({ catalog, c, summary, themes, now: host.now(), licence: host.openDataLicence, publicUrl }));
  });

  router.get('/open-data/consultations/:id.csv', async (req, res) => {
    const c = dataFor(req, res);
    if (!c) return;
    const r = fileReader(req);
    const [summary, themes] = await Promise.all([results.summary(c, 'public', r.lang.code), results.themes(c, 'public')]);
    openData(res)
      .type('text/csv; charset=utf-8')
      .attachment(`${c.id}-results.csv`)
      .send(csvText(csvRows(r, catalog, summary, themes), { licence: host.openDataLicence, generatedAt: host.now().toISOString() }));
  });
  return router;
}
