/**
 * The bodies of the public consultation pages other than the results themselves: the index of
 * consultations (open, coming, closed; public audiences only), a consultation's heading with its
 * dates and state, the "results withheld" notice (never a number) and the page for an unknown id.
 * Links into the chat are the web chat demo page's deep link (`/?start=consultation:<id>`).
 */
import type { Catalog, Consultation } from '../../../src/catalog/types';
import { localized } from '../../../src/engine/locale';
import { openness, type Openness } from '../open';
import { html, type Html } from './html';
import type { Reader } from './reader';
import type { Withheld } from './results';

/** The web chat deep link into a consultation, in the reader's language. */
export const chatLink = (c: Consultation, lang: string): string => `/?start=${encodeURIComponent(`consultation:${c.id}`)}&lang=${lang}`;

export const resultsLink = (c: Consultation, lang: string): string => `/consultations/${c.id}?lang=${lang}`;

const text = (r: Reader, catalog: Catalog, t: Parameters<typeof localized>[0]): string => localized(t, r.lang.code, catalog.jurisdiction.defaultLocale);

/** The consultations anyone may see: public audiences (staff consultations are never listed). */
export const publicConsultations = (catalog: Catalog): Consultation[] => catalog.consultations.filter((c) => c.audience.kind === 'public');

function item(r: Reader, catalog: Catalog, c: Consultation, state: Openness, withheld: Withheld | null): Html {
  const agency = catalog.agencies.find((a) => a.id === c.agency);
  const results =
    withheld === 'staff_only'
      ? html`<li>${r.t('results_staff_only')}</li>`
      : withheld === 'after_close'
        ? html`<li>${r.t('results_after_close')}</li>`
        : state === 'not_yet_open'
          ? ''
          : html`<li><a href="${resultsLink(c, r.lang.code)}">${r.t(state === 'open' ? 'see_results_so_far' : 'see_results')}</a></li>`;
  return html`<li>
<h3>${text(r, catalog, c.title)}</h3>
<p class="meta">${agency ? html`${text(r, catalog, agency.name)} · ` : ''}${r.t('dates', { opens: r.date(c.opensAt), closes: r.date(c.closesAt) })}</p>
<ul class="actions">${state === 'open' ? html`<li><a href="${chatLink(c, r.lang.code)}">${r.t('take_part')}</a></li>` : ''}${results}</ul>
</li>`;
}

/** `/consultations`: open now, coming soon, closed (most recently closed first). */
export function indexMain(r: Reader, catalog: Catalog, now: Date, withheld: (c: Consultation) => Withheld | null): Html {
  const all = publicConsultations(catalog).map((c) => ({ c, state: openness(c, now) }));
  const group = (state: Openness, key: string, order: (a: Consultation, b: Consultation) => number): Html => {
    const cs = all.filter((x) => x.state === state).map((x) => x.c).sort(order);
    return html`<section aria-labelledby="s-${state}"><h2 id="s-${state}">${r.t(key)}</h2>${
      cs.length === 0 ? html`<p>${r.t('none')}</p>` : html`<ul class="consultations">${cs.map((c) => item(r, catalog, c, state, withheld(c)))}</ul>`
    }</section>`;
  };
  const by = (f: (c: Consultation) => string, desc = false) => (a: Consultation, b: Consultation) => (desc ? -1 : 1) * (Date.parse(f(a)) - Date.parse(f(b)));
  return html`<h1>${r.t('index_title', { city: text(r, catalog, catalog.jurisdiction.name) })}</h1>
<p>${r.t('index_intro')}</p>
${group('open', 'open_now', by((c) => c.closesAt))}
${group('not_yet_open', 'upcoming', by((c) => c.opensAt))}
${group('closed', 'closed', by((c) => c.closesAt, true))}
<p><a href="/open-data/consultations.json">${r.t('open_data_catalogue')}</a></p>`;
}

/** A consultation's title, agency, and its state with dates. */
export function consultationHeading(r: Reader, catalog: Catalog, c: Consultation, now: Date): Html {
  const state = openness(c, now);
  const agency = catalog.agencies.find((a) => a.id === c.agency);
  const status =
    state === 'open' ? r.t('status_open', { date: r.date(c.closesAt) }) : state === 'closed' ? r.t('status_closed', { date: r.date(c.closesAt) }) : r.t('status_upcoming', { date: r.date(c.opensAt) });
  return html`<h1>${text(r, catalog, c.title)}</h1>
<p class="meta">${agency ? html`${text(r, catalog, agency.name)} · ` : ''}${r.t('dates', { opens: r.date(c.opensAt), closes: r.date(c.closesAt) })}</p>
<p>${status}</p>
${state === 'open' ? html`<p class="no-print"><a href="${chatLink(c, r.lang.code)}">${r.t('take_part')}</a></p>` : ''}`;
}

/** Why there are no results to see: when they will be published, or that they are for staff. */
export function withheldMain(r: Reader, c: Consultation, why: Withheld): Html {
  return html`<p>${why === 'after_close' ? r.t('withheld_after_close', { date: r.date(c.closesAt) }) : r.t('withheld_staff_only')}</p>`;
}

export function notFoundMain(r: Reader): Html {
  return html`<h1>${r.t('not_found_title')}</h1>
<p>${r.t('not_found')}</p>
<p><a href="/consultations?lang=${r.lang.code}">${r.t('all_consultations')}</a></p>`;
}
