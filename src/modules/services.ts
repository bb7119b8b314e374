/**
 * What a participation module may run besides its dialogs (issue 12): its own stores, its own
 * sinks (e.g. a consultation's live results, fed by the outbox like any agency sink), HTTP
 * routes (public pages and open data; admin routes behind the admin token), CLI commands,
 * results digests for staff channels (results-digest.ts) and the files behind links its messages
 * carry (documents.ts).
 * The engine side of a module (src/engine/module.ts) stays pure; this side is built once per
 * process by the composition roots from what the host hands it, and nothing in src/ names a
 * module.
 */
import type { Router } from 'express';
import type { Catalog } from '../catalog/types';
import type { I18n } from '../i18n';
import type { Logger } from '../log';
import type { Route } from '../outbox/routing';
import type { EffectHandlers } from '../runtime/effects';
import type { Notice, NoticeResult } from '../runtime/notices';
import type { Stores } from '../state';
import type { Submission } from '../state/types';
import type { AdoptionSummaries } from './adoptions';
import { mergeDocuments, type DocumentResolver } from './documents';
import { mergeDigests, type ResultsDigests } from './results-digest';
import { mergeRosters, type RosterProvider } from './rosters';

/** What the process hands a module's services. */
export interface ModuleHost {
  catalog: Catalog;
  stores: Stores;
  logger: Logger;
  now: () => Date;
  /** The shipped texts (module pages and cards render locale keys with it). */
  i18n: I18n;
  /** Where people reach this deployment (links in pages and cards), e.g. https://chat.city.gov. */
  publicUrl: string;
  /** The open-data licence of published aggregates (e.g. CC-BY-4.0). */
  openDataLicence: string;
  /** A person's pseudonym in a scope (a keyed hash, src/runtime/once-claims.ts participantId): module stores never hold chat identities. */
  pseudonym(scope: string, person: string): string;
  /** The secret signed links are keyed with (photo links' `links.secret`): a module signs its own links (a sign-up's calendar file) with it. */
  linkSecret(): string;
  /** Tells one person something in their conversation, in their language (src/runtime/notices.ts): a waitlist promotion, a reminder. */
  notify(conversationId: string, notice: Notice): Promise<NoticeResult>;
  /**
   * Hands a result that no turn committed to the outbox (OutboxRelay.submit), e.g. from a module's
   * own sink: delivered to the agency's sinks like a result of a turn, once per submission id.
   * Rejects when it cannot be queued (or the process has no outbox), so the caller retries.
   */
  submit(submission: Submission): Promise<void>;
  /**
   * Set in the process that runs people's turns (`wegov start`): background work that tells people
   * something (reminders) runs there. Its Redis URL and queue name (tests give each app its own).
   */
  serving?: {
    /**
     * Default true: this process also runs the background work (reminder and nudge workers).
     * False in a web-only process (WEGOV_ROLE=web): it schedules them, a worker process sends them.
     */
    background?: boolean;
    redisUrl?: string;
    queueName?: string;
    /** Notices sent to many people at once (an agency's nudge to every adopter of a type), per minute across the deployment. */
    bulkNoticesPerMinute?: number;
  };
}

/** A CLI command a module adds: `wegov <name> ...args`; writes to stdout/stderr, returns the exit code. */
export interface ModuleCommand {
  name: string;
  /** One help line: `<name> <args>   what it does`. */
  usage: string;
  run(args: readonly string[], io: { write(text: string): void; err(line: string): void }): Promise<number>;
}

export interface ModuleServices {
  /** WeGov's own sinks for the module's results, keyed `wegov.<name>` (RouterOptions.own). */
  sinks?: Route[];
  /** Public routes (pages, open data), mounted at the root before the 404. */
  publicRouter?: Router;
  /** Admin routes, mounted under /admin behind the admin token. */
  adminRouter?: Router;
  commands?: ModuleCommand[];
  /** Effects its flows request (EngineEvent effect_requested), by name: run by the runtime within the turn. */
  effects?: EffectHandlers;
  /** Deletes the module's personal data past its retention period (run by the retention job). */
  retention?: ModuleRetention;
  /** Results summaries for staff channels (Slack `/wegov results`). */
  digests?: ResultsDigests;
  /** Shift rosters for staff channels (the Slack roster card, `/wegov roster`: rosters.ts). */
  rosters?: RosterProvider;
  /** Adoptions by asset type for staff channels (Slack `/wegov adoptions`: adoptions.ts). */
  adoptionSummary?: AdoptionSummaries;
  /** The files behind links its messages carry (documents.ts), for channels that upload them (Telegram). */
  documents?: DocumentResolver;
  /** Stops what the services run in the background (timers, snapshots); called when the process closes. */
  close?(): Promise<void>;
}

/** One class of a module's data the retention job sweeps: returns how many records it deleted. */
export interface ModuleRetention {
  name: string;
  sweep(): Promise<number>;
}

export type ServicesFactory = (host: ModuleHost) => ModuleServices;

/** The services of every module, merged. */
export function mergeServices(
  all: readonly ModuleServices[],
): Required<Omit<ModuleServices, 'publicRouter' | 'adminRouter' | 'retention' | 'adoptionSummary'>> & {
  retention: ModuleRetention[];
  publicRouters: Router[];
  adminRouters: Router[];
  /** The one module's adoption summaries (adopt-an-asset), if any. */
  adoptionSummary: AdoptionSummaries | undefined;
} {
  return {
    sinks: all.flatMap((s) => s.sinks ?? []),
    retention: all.flatMap((s) => (s.retention ? [s.retention] : [])),
    commands: all.flatMap((s) => s.commands ?? []),
    effects: Object.assign({}, ...all.map((s) => s.effects ?? {})) as EffectHandlers,
    digests: mergeDigests(all.flatMap((s) => (s.digests ? [s.digests] : []))),
    rosters: mergeRosters(all.flatMap((s) => (s.rosters ? [s.rosters] : []))),
    adoptionSummary: all.find((s) => s.adoptionSummary)?.adoptionSummary,
    documents: mergeDocuments(all.flatMap((s) => (s.documents ? [s.documents] : []))),
    publicRouters: all.flatMap((s) => (s.publicRouter ? [s.publicRouter] : [])),
    adminRouters: all.flatMap((s) => (s.adminRouter ? [s.adminRouter] : [])),
    close: async () => {
      await Promise.all(all.map((s) => s.close?.()));
    },
  };
}
