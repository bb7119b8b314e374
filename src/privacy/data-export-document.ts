/**
 * The "my data" document: everything WeGov holds about one conversation, built live when the
 * link is opened (so it is never stored a second time). Field names are English and stable
 * (a machine-readable export); every text a person reads (the explanation, category and agency
 * names, statuses, the consent wording) is in the conversation's language.
 *
 * What it holds: the conversation's language, channel and dates; the results (reports, ...) sent from it
 * (reference, category, agency, status, when) with what the agency's system last said about
 * each; every consent answer (the wording's key and version, and its text when that version
 * is the current one; when, on which channel, withdrawn when); answers of a dialog in
 * progress; the reports the conversation follows (reference, category, status); the transcript. What it leaves out, on purpose: the conversation id and channel
 * data (a Telegram id, a token hash: the file may be forwarded), staff identities and tokens
 * in case records. The agencies' own copies are theirs to give (the document says so).
 */
import type { Catalog } from '../catalog/types';
import type { ConsentRecord, ConsentWording } from '../engine/consent';
import type { Json } from '../engine/json';
import { localized } from '../engine/locale';
import type { ResultRef } from '../engine/result-ref';
import type { Session } from '../engine/session';
import { t } from '../engine/text';
import type { Renderer } from '../runtime/deps';
import type { StoredMessage } from '../state/types';
import type { CaseView } from './data-export-cases';

export const MY_DATA_FORMAT = 'wegov.my-data';
export const MY_DATA_VERSION = 1;

/** One result the person submitted (a report, ...). */
export interface MyDataResult {
  kind: string;
  reference?: string;
  categoryId?: string;
  category?: string;
  agency: string;
  status?: ResultRef['status'];
  statusText?: string;
  submittedAt: string;
  /** What the agency's system last said (Open311 or the triage team); empty for file and webhook agencies. */
  agencyCases: CaseView[];
}

export type MyDataConsent = ConsentRecord & {
  agency?: string;
  /** The text agreed to, in the language it was shown in (when its version is the current one). */
  wordingText?: string;
};

export interface MyDataDocument {
  format: typeof MY_DATA_FORMAT;
  version: typeof MY_DATA_VERSION;
  about: string;
  notIncluded: string;
  generatedAt: string;
  conversation: { channel: string; language: string; languageName: string; startedAt: string; lastActivityAt: string };
  results: MyDataResult[];
  consents: MyDataConsent[];
  /** Answers given in a dialog not finished yet (e.g. a report being written). */
  inProgress: { dialog: string; answers: { [stepId: string]: Json } }[];
  /** An agency's question waiting for the person's answer. */
  agencyQuestion?: { reference: string; askedAt: string };
  /** The reports this conversation follows ("follow WG-…", a "me too", a merge): their updates come to it. */
  following: MyDataFollowed[];
  transcript: { at: string; from: StoredMessage['from']; text: string; language: string }[];
}

/** A followed report, as anyone may see it. */
export interface MyDataFollowed {
  reference: string;
  categoryId: string;
  category: string;
  status: ResultRef['status'];
  statusText: string;
}

export interface DocumentInput {
  session: Session;
  history: readonly StoredMessage[];
  /** The followed reports' records (none without a record store). */
  following?: readonly { reference: string; categoryId: string; status: NonNullable<ResultRef['status']> }[];
  casesOf: (result: ResultRef) => Promise<CaseView[]>;
  i18n: Pick<Renderer, 'renderText'>;
  catalog: Catalog;
  /** The consent wordings in use now (their texts can be shown; older versions only by key). */
  consentWordings: readonly ConsentWording[];
  now: Date;
}

function languageName(locale: string): string {
  const name = new Intl.DisplayNames([locale], { type: 'language' }).of(locale) ?? locale;
  return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
}

/** Builds the document (reads case records; everything else is in the input). */
export async function buildMyDataDocument(input: DocumentInput): Promise<MyDataDocument> {
  const { session, catalog, i18n } = input;
  const locale = session.locale;
  const dl = catalog.jurisdiction.defaultLocale;
  const agencyName = (agencyId: string | undefined, lang: string): string | undefined => {
    const agency = catalog.agencies.find((a) => a.id === agencyId);
    return agency ? localized(agency.name, lang, dl) : agencyId;
  };
  const results: MyDataResult[] = [];
  for (const r of session.results) {
    const category = catalog.categories.find((c) => c.id === r.categoryId);
    results.push({
      kind: r.kind,
      ...(r.reference !== undefined ? { reference: r.reference } : {}),
      ...(r.categoryId !== undefined ? { categoryId: r.categoryId, category: category ? localized(category.name, locale, dl) : r.categoryId } : {}),
      agency: agencyName(r.agencyId ?? category?.agency, locale) ?? '',
      ...(r.status !== undefined ? { status: r.status, statusText: i18n.renderText([t(`status.${r.status}`)], locale) } : {}),
      submittedAt: r.submittedAt,
      agencyCases: r.reference !== undefined ? await input.casesOf(r) : [],
    });
  }
  const consents = (session.consents ?? []).map((c): MyDataConsent => {
    const agency = agencyName(c.agencyId, c.locale);
    const current = input.consentWordings.some((w) => w.key === c.wording.key && w.version === c.wording.version);
    const wordingText = current ? i18n.renderText([t(c.wording.key, { agency: agency ?? '' })], c.locale) : undefined;
    return { ...c, ...(agency !== undefined ? { agency } : {}), ...(wordingText !== undefined ? { wordingText } : {}) };
  });
  return {
    format: MY_DATA_FORMAT,
    version: MY_DATA_VERSION,
    about: i18n.renderText([t('my_data.file.about')], locale),
    notIncluded: i18n.renderText([t('my_data.file.not_included')], locale),
    generatedAt: input.now.toISOString(),
    conversation: { channel: session.channel, language: locale, languageName: languageName(locale), startedAt: session.createdAt, lastActivityAt: session.updatedAt },
    results,
    consents,
    inProgress: session.stack.filter((f) => Object.keys(f.answers).length > 0).map((f) => ({ dialog: f.flow, answers: f.answers })),
    ...(session.pendingQuestion ? { agencyQuestion: { reference: session.pendingQuestion.reference, askedAt: session.pendingQuestion.askedAt } } : {}),
    following: (input.following ?? []).map((f) => {
      const category = catalog.categories.find((c) => c.id === f.categoryId);
      return { reference: f.reference, categoryId: f.categoryId, category: category ? localized(category.name, locale, dl) : f.categoryId, status: f.status, statusText: i18n.renderText([t(`status.${f.status}`)], locale) };
    }),
    transcript: input.history.map((m) => ({ at: m.createdAt, from: m.from, text: m.text, language: m.lang })),
  };
}
