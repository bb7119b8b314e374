/**
 * Staff-facing text of the triage channel (cards, modals, refusals), from the `slack_triage`
 * section of `locales/<locale>.json`, in the deployment's working language: compose calls
 * `useTriageLocale(jurisdiction default locale)`; English until then and for any missing key.
 * Nothing here is shown to the citizen. `triageStrings` is a live binding: importers see the
 * chosen locale.
 */
import { readLocaleFiles } from '../../../src/i18n';

type Section = { [key: string]: string | Section };

const sections: Record<string, Section> = Object.fromEntries(
  Object.entries(readLocaleFiles()).map(([locale, resource]) => [locale, (resource.slack_triage ?? {}) as Section]),
);

function lookup(section: Section | undefined, path: string): string | undefined {
  let node: string | Section | undefined = section;
  for (const part of path.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' ? node : undefined;
}

function build(locale: string) {
  const t = (path: string, args: Record<string, string> = {}): string =>
    (lookup(sections[locale], path) ?? lookup(sections.en, path) ?? path).replace(/\{\{(\w+)\}\}/g, (_m, name: string) => args[name] ?? '');
  return {
    newReport: (reference: string, category: string) => t('new_report', { reference, category }),
    header: (reference: string, category: string) => t('header', { reference, category }),
    description: t('description'),
    noDescription: t('no_description'),
    location: t('location'),
    map: t('map'),
    photo: t('photo'),
    photoAlt: t('photo_alt'),
    language: t('language'),
    submitted: t('submitted'),
    contact: t('contact'),
    status: t('status'),
    statuses: {
      open: t('statuses.open'),
      acknowledged: t('statuses.acknowledged'),
      in_progress: t('statuses.in_progress'),
      closed: t('statuses.closed'),
      rejected: t('statuses.rejected'),
    },
    buttons: {
      ack: t('buttons.ack'),
      in_progress: t('buttons.in_progress'),
      resolved: t('buttons.resolved'),
      reject: t('buttons.reject'),
      ask: t('buttons.ask'),
      reply: t('buttons.reply'),
      block: t('buttons.block'),
      duplicate: t('buttons.duplicate'),
    },
    history: {
      ack: t('history.ack'),
      in_progress: t('history.in_progress'),
      resolved: t('history.resolved'),
      reject: t('history.reject'),
      ask: t('history.ask'),
      reply: t('history.reply'),
      answer: t('history.answer'),
      block: t('history.block'),
      unblock: t('history.unblock'),
      erased: t('history.erased'),
      consent_withdrawn: t('history.consent_withdrawn'),
      duplicate: t('history.duplicate'),
    },
    /** The history line of a merge, and the status of a merged card. */
    duplicateOf: (reference: string) => t('history.duplicate', { reference }),
    statusDuplicate: (reference: string) => t('status_duplicate', { reference }),
    /** The note in the surviving report's thread. */
    mergedIn: (reference: string, user: string) => t('merged_in', { reference, user }),
    /** A "me too" in the card's thread (me-too.ts), without a card in the channel, and the card's count. */
    meTooInThread: (count: number) => t('me_too_in_thread', { count: String(count) }),
    meTooWithoutCard: (reference: string, count: number) => t('me_too_without_card', { reference, count: String(count) }),
    meTooCount: t('me_too_count'),
    erasureNotice: (reference: string) => t('erasure_notice', { reference }),
    consentWithdrawnNotice: (reference: string) => t('consent_withdrawn_notice', { reference }),
    by: t('by'),
    at: t('at'),
    modal: {
      reject: { title: t('modal.reject_title'), label: t('modal.reject_label'), submit: t('modal.reject_submit') },
      ask: { title: t('modal.ask_title'), label: t('modal.ask_label'), submit: t('modal.ask_submit') },
      reply: { title: t('modal.reply_title'), label: t('modal.reply_label'), submit: t('modal.reply_submit') },
      block: { title: t('modal.block_title'), label: t('modal.block_label'), submit: t('modal.block_submit') },
      blockHelp: (days: string, reference: string) => t('modal.block_help', { days, reference }),
      duplicate: { title: t('modal.duplicate_title'), label: t('modal.duplicate_label'), submit: t('modal.duplicate_submit'), placeholder: t('modal.duplicate_placeholder') },
      duplicateHelp: (reference: string) => t('modal.duplicate_help', { reference }),
      cancel: t('modal.cancel'),
    },
    /** Why a merge was refused, shown under the modal's field (codes of src/runtime/report-merge.ts). */
    merge: {
      invalidReference: t('merge.invalid_reference'),
      same: t('merge.same'),
      unknownTarget: (reference: string) => t('merge.unknown_target', { reference }),
      cycle: (reference: string) => t('merge.cycle', { reference }),
      targetMerged: (reference: string, into: string) => t('merge.target_merged', { reference, into }),
      alreadyMerged: (into: string) => t('merge.already_merged', { into }),
      unavailable: t('merge.unavailable'),
    },
    alreadyBlocked: t('already_blocked'),
    blockUnavailable: t('block_unavailable'),
    required: t('required'),
    notAllowed: t('not_allowed'),
    busy: t('busy'),
    unknownCase: t('unknown_case'),
    answerInThread: (reference: string) => t('answer_in_thread', { reference }),
    deadLetter: (reference: string, reason: string, jobId: string) => t('dead_letter', { which: reference ? ` (${reference})` : '', reason, jobId }),
  };
}

export type TriageStrings = ReturnType<typeof build>;

export let triageStrings: TriageStrings = build('en');

/** The deployment's working language for the triage channel (a shipped locale; else English). */
export function useTriageLocale(locale: string): void {
  triageStrings = build(locale in sections ? locale : 'en');
}
