/**
 * The `/wegov` slash command for staff: `status <reference>`, `stats` (the last seven days'
 * cases by status and category), `results [<id>]` (a consultation's results: results-command.ts),
 * `roster [<shift-id>]` (a volunteer shift's roster: roster/command.ts), `adoptions [<type>]`
 * (adopted and free assets, recent reports: adoptions-command.ts),
 * `blocked` and `unblock <reference>` (abuse-commands.ts), `help`; anything else is answered
 * with the help. Answers are ephemeral (only the person who
 * typed the command sees them).
 */
import type { CaseStore } from '../../src/cases/types';
import type { Catalog } from '../../src/catalog/types';
import { localized } from '../../src/engine/locale';
import type { AdoptionSummaries } from '../../src/modules/adoptions';
import type { ResultsDigests } from '../../src/modules/results-digest';
import type { RosterProvider } from '../../src/modules/rosters';
import type { RuntimeDeps } from '../../src/runtime/deps';
import { findReport } from '../../src/runtime/report-lookup';
import { blockedAnswer, unblockAnswer, type AbuseCommandDeps } from './abuse-commands';
import { adoptionsAnswer } from './adoptions-command';
import { escapeMrkdwn, slackText, type SlackMessage } from './render';
import { resultsAnswer } from './results-command';
import { rosterAnswer } from './roster/command';
import { weeklyStats } from './stats';

export const SLASH_COMMAND = '/wegov';

const REFERENCE = /^[A-Za-z]{1,5}-[A-Za-z0-9]{4,12}$/;
/** The result kind of a "me too" (dialogs/report/nearby.ts ME_TOO_KIND). */
const ME_TOO_RESULT_KIND = 'report_me_too';

export interface CommandDeps {
  runtime: RuntimeDeps;
  cases: CaseStore;
  catalog: Catalog;
  /** `blocked` and `unblock` (abuse-commands.ts); absent: they answer the help. */
  abuse?: AbuseCommandDeps;
  /** `results` (the modules' results digests); absent: it answers the help. */
  digests?: ResultsDigests;
  /** `roster` (the modules' shift rosters); absent: it answers the help. */
  rosters?: RosterProvider;
  /** Which sink's roster card of a shift is in a channel (roster/command.ts): asked there, the answer carries its buttons. */
  rosterCardIn?(agencyId: string, shiftId: string, channel: string): Promise<string | undefined>;
  /** Whether an agency's sinks take a kind of result (the outbox router's); absent: taken to be true. */
  forwards?: (agencyId: string, kind: string) => boolean;
  /** `adoptions` (the modules' adoption summaries); absent: it answers the help. */
  adoptions?: AdoptionSummaries;
}

/** The answer to `/wegov <text>`: Slack mrkdwn, or a Block Kit message (`results <id>`). */
export async function answerCommand(deps: CommandDeps, text: string, locale: string, user = '', channel?: string): Promise<string | SlackMessage> {
  const [sub = '', ...args] = text.trim().split(/\s+/);
  const t = (key: string, a?: Record<string, string>): string => slackText(deps.runtime.i18n, `slack.${key}`, locale, a);
  switch (sub.toLowerCase()) {
    case 'status':
      return statusAnswer(deps, args[0], locale, t);
    case 'stats':
      return statsAnswer(deps, locale, t);
    case 'results':
      if (deps.digests) return resultsAnswer({ digests: deps.digests, i18n: deps.runtime.i18n, timezone: deps.catalog.jurisdiction.timezone }, args[0], locale);
      return helpText(t);
    case 'roster':
      if (deps.rosters) {
        const cardIn = deps.rosterCardIn;
        return rosterAnswer({ rosters: deps.rosters, timezone: deps.catalog.jurisdiction.timezone, now: () => deps.runtime.env.now(), ...(cardIn ? { cardIn } : {}) }, args[0], locale, channel);
      }
      return helpText(t);
    case 'adoptions':
      if (deps.adoptions) return adoptionsAnswer({ adoptions: deps.adoptions, i18n: deps.runtime.i18n, timezone: deps.catalog.jurisdiction.timezone, now: () => deps.runtime.env.now() }, args[0], locale);
      return helpText(t);
    case 'blocked':
      if (deps.abuse && user) return blockedAnswer(deps.abuse, user, locale);
      return helpText(t);
    case 'unblock':
      if (deps.abuse && user) return unblockAnswer(deps.abuse, args[0], user, locale);
      return helpText(t);
    default:
      return helpText(t);
  }
}

/** The help, with the abuse-list commands before its closing line. */
function helpText(t: (key: string) => string): string {
  const lines = t('help').split('\n');
  return [...lines.slice(0, -1), t('help_roster'), t('help_adoptions'), t('help_abuse'), ...lines.slice(-1)].join('\n');
}

async function statusAnswer(deps: CommandDeps, ref: string | undefined, locale: string, t: (key: string, a?: Record<string, string>) => string): Promise<string> {
  if (ref === undefined || !REFERENCE.test(ref)) return t('status_usage');
  const reference = ref.toUpperCase();
  const report = await findReport(deps.runtime, reference);
  if (!report) return t('status_unknown', { reference: escapeMrkdwn(reference) });
  const category = deps.catalog.categories.find((c) => c.id === report.categoryId);
  const args = {
    reference,
    category: escapeMrkdwn(category ? localized(category.name, locale, deps.catalog.jurisdiction.defaultLocale) : (report.categoryId ?? report.kind)),
    submitted: report.submittedAt.slice(0, 10),
  };
  // A merged duplicate (issue 16) says which report it went into; a survivor counts its duplicates.
  if (report.mergedInto !== undefined) return t('status_duplicate', { ...args, into: report.mergedInto });
  const lines = [t('status_found', { ...args, status: slackText(deps.runtime.i18n, `status.${report.status ?? 'open'}`, locale) })];
  if (report.duplicates) lines.push(t('status_duplicates', { count: String(report.duplicates) }));
  // Residents who said "me too" (issue 16), and whether their notes reach the agency at all.
  if (report.meToo) {
    lines.push(t('status_me_too', { count: String(report.meToo) }));
    if (report.agencyId !== undefined && deps.forwards?.(report.agencyId, ME_TOO_RESULT_KIND) === false) lines.push(t('status_me_too_not_forwarded'));
  }
  return lines.join('\n');
}

async function statsAnswer(deps: CommandDeps, locale: string, t: (key: string, a?: Record<string, string>) => string): Promise<string> {
  const stats = await weeklyStats(deps.cases, deps.catalog, locale, deps.runtime.env.now());
  if (stats.total === 0) return t('stats_empty');
  const statusLabel = (s: string): string => (['open', 'acknowledged', 'in_progress', 'closed', 'rejected'].includes(s) ? slackText(deps.runtime.i18n, `status.${s}`, locale) : s);
  const lines = [
    t('stats_title', { total: String(stats.total) }),
    `*${t('stats_by_status')}*`,
    ...stats.byStatus.map(([s, n]) => `• ${escapeMrkdwn(statusLabel(s))}: ${n}`),
    `*${t('stats_by_category')}*`,
    ...stats.byCategory.map(([c, n]) => `• ${escapeMrkdwn(c)}: ${n}`),
  ];
  return lines.join('\n');
}
