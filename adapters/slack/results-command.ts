/**
 * `/wegov results [<id>]` for staff: with an id, that consultation's results as Block Kit
 * (results-blocks.ts: every count as it is, the staff view); without one, the list of
 * consultations with their ids; an id nobody knows gets a polite answer and the way to the
 * list. The results come from the modules (src/modules/results-digest.ts), handed in by the
 * composition root: this adapter names no module.
 */
import type { DigestEntry, ResultsDigests } from '../../src/modules/results-digest';
import type { Renderer } from '../../src/runtime/deps';
import { escapeMrkdwn, slackText, type SlackMessage } from './render';
import { resultsMessage } from './results-blocks';

/** Consultations listed at most (the rest are counted). */
export const RESULTS_LIST_LIMIT = 50;

/** Ids are slugs; anything else is answered like an unknown id (and shown escaped). */
const ID = /^[a-z0-9][a-z0-9_-]{0,79}$/;

export interface ResultsCommandDeps {
  digests: ResultsDigests;
  i18n: Renderer;
  timezone: string;
}

export async function resultsAnswer(deps: ResultsCommandDeps, id: string | undefined, locale: string): Promise<string | SlackMessage> {
  const t = (key: string, args?: Record<string, string>): string => slackText(deps.i18n, `slack.${key}`, locale, args);
  if (id === undefined) return listAnswer(deps, locale, t);
  const digest = ID.test(id) ? await deps.digests.digest(id, locale) : null;
  if (!digest) return t('results_unknown', { id: escapeMrkdwn(id.slice(0, 80)) });
  return resultsMessage(digest, { i18n: deps.i18n, locale, timezone: deps.timezone });
}

/** Open ones first (closing soonest first), then those not yet open, then the closed ones (latest first). */
const ORDER: Record<DigestEntry['state'], number> = { open: 0, not_yet_open: 1, closed: 2 };
function byState(a: DigestEntry, b: DigestEntry): number {
  if (a.state !== b.state) return ORDER[a.state] - ORDER[b.state];
  if (a.state === 'closed') return b.closesAt.localeCompare(a.closesAt);
  if (a.state === 'not_yet_open') return a.opensAt.localeCompare(b.opensAt);
  return a.closesAt.localeCompare(b.closesAt);
}

function listAnswer(deps: ResultsCommandDeps, locale: string, t: (key: string, args?: Record<string, string>) => string): string {
  const all = deps.digests.list(locale).sort(byState);
  if (all.length === 0) return t('results_none');
  const date = new Intl.DateTimeFormat(locale, { numberingSystem: 'latn', dateStyle: 'long', timeZone: deps.timezone });
  const when = (iso: string): string => date.format(new Date(iso));
  const state = (e: DigestEntry): string =>
    e.state === 'open' ? t('results_state_open', { date: when(e.closesAt) }) : e.state === 'closed' ? t('results_state_closed', { date: when(e.closesAt) }) : t('results_state_not_yet_open', { date: when(e.opensAt) });
  const lines = all.slice(0, RESULTS_LIST_LIMIT).map((e) => t('results_list_line', { id: escapeMrkdwn(e.id), title: escapeMrkdwn(e.title), state: state(e) }));
  const more = all.length > RESULTS_LIST_LIMIT ? [t('results_list_more', { count: String(all.length - RESULTS_LIST_LIMIT) })] : [];
  return [t('results_list_title', { count: String(all.length) }), ...lines, ...more, t('results_list_hint', { id: all[0]!.id })].join('\n');
}
