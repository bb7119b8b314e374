/**
 * The outbox's composition root, shared by `wegov start` (src/server/compose.ts) and
 * `wegov worker` (src/cli/outbox.ts), so both processes deliver the same way: the catalogue's
 * sinks with the channel sinks registered here (the Slack triage channel, from
 * adapters/slack/triage), Telegram photos fetched when forwarded, photos decoded in the process's
 * bounded pool, and signed photo links. This folder is a composition root: one of the few places
 * in src/ allowed to import adapters/ (.dependency-cruiser.cjs).
 */
import { slackSinkFactory, triageClient, useTriageLocale } from '../../adapters/slack/triage';
import { MemoryRosterCardStore, RedisRosterCardStore, type RosterCardStore } from '../../adapters/slack/roster/card-store';
import type { createTelegramClient } from '../../adapters/telegram/adapter';
import { engine } from '../../dialogs';
import type { Catalog } from '../catalog/types';
import type { Engine } from '../engine/engine';
import type { Config } from '../config';
import type { Logger } from '../log';
import { mediaLinks } from '../media/from-config';
import { configurePhotoDecoding } from '../media/photo-decoding';
import type { Metrics } from '../metrics';
import type { RosterProvider } from '../modules/rosters';
import { createOutbox, type Outbox } from '../outbox/wiring';
import type { Route } from '../outbox/routing';
import type { Sink } from '../sinks/types';
import type { Stores } from '../state';
import type { MediaStore } from '../state/types';

export interface OutboxRootOptions {
  config: Config;
  catalog: Catalog;
  stores: Stores;
  logger: Logger;
  metrics?: Metrics;
  /** Where sinks read their secrets (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** The clock of the photo links (tests). */
  now?: () => Date;
  /** Deliver every submission to this sink instead of the catalogue's (tests, embedding). */
  sink?: Sink;
  /** BullMQ queue name (tests on a shared Redis use their own). */
  queueName?: string;
  /** The participation modules' result kinds (default: WeGov's own modules, dialogs/index.ts). */
  resultKinds?: Engine['resultKinds'];
  /** The modules' own sinks (src/modules/services.ts). */
  own?: readonly Route[];
  /** The modules' shift rosters: Slack sinks keep a roster card per shift (adapters/slack/roster). */
  rosters?: RosterProvider;
}

/** The outbox and what the caller shares with it. */
export interface OutboxRoot {
  outbox: Outbox;
  /** The process's media store: Telegram photo references are fetched through it (with TELEGRAM_BOT_TOKEN). */
  media: MediaStore;
  /** The Bot API client, when TELEGRAM_BOT_TOKEN is set (the web process's Telegram adapter uses it too). */
  telegramClient: ReturnType<typeof createTelegramClient> | undefined;
  /** Photo links' secret and signers (the web process serves what they sign). */
  links: ReturnType<typeof mediaLinks>;
  /** Where Slack sinks keep the shift roster cards (with `rosters`): staff's attendance clicks redraw them. */
  rosterCards: RosterCardStore | undefined;
}

/** Builds the outbox of a `wegov start` or `wegov worker` process from its config and stores. */
export function composeOutbox(opts: OutboxRootOptions): OutboxRoot {
  const { config, catalog, stores, logger } = opts;
  // Telegraf is about 16 MB of memory: loaded only where Telegram is configured.
  const telegramModule = config.telegram ? (require('../../adapters/telegram/adapter') as typeof import('../../adapters/telegram/adapter')) : undefined;
  const telegramClient = config.telegram && telegramModule ? telegramModule.createTelegramClient(config.telegram) : undefined;
  // Photos are decoded in one bounded pool per process (WEGOV_PHOTO_DECODE_CONCURRENCY).
  configurePhotoDecoding(config.photoDecodeConcurrency);
  // Telegram photos are references until forwarded: the media store fetches them then.
  const media = telegramClient && telegramModule
    ? telegramModule.telegramMedia(stores.media, telegramClient, { photoMaxBytes: config.photoMaxBytes, ttlSeconds: config.sessionTtlSeconds, logger })
    : stores.media;
  // Photo links for agencies: every process that serves or signs them needs the same secret.
  const links = mediaLinks(config, logger, opts.now);
  // Triage cards are posted by the delivery workers, in the deployment's working language, with
  // a client that never sleeps on a rate limit (the queue's backoff retries instead).
  if (config.slack) useTriageLocale(catalog.jurisdiction.defaultLocale);
  // Shift roster cards are drawn in the same language, their ts kept beside the other stores.
  const rosterCards = opts.rosters ? (stores.redis ? new RedisRosterCardStore(stores.redis) : new MemoryRosterCardStore()) : undefined;
  const roster = opts.rosters && rosterCards ? { rosters: opts.rosters, cards: rosterCards, locale: catalog.jurisdiction.defaultLocale } : undefined;
  const slack = config.slack ? slackSinkFactory(triageClient({ token: config.slack.botToken, slackApiUrl: config.slack.apiUrl }), roster, stores.reports) : undefined;
  const outbox = createOutbox({
    config,
    catalog,
    store: stores.sessions,
    media,
    logger,
    cases: stores.cases,
    reports: stores.reports,
    settle: stores.settleSubmissions,
    participation: stores.participation,
    mediaUrl: links.mediaUrl,
    mediaLink: links.mediaLink,
    ...(opts.metrics ? { metrics: opts.metrics } : {}),
    ...(opts.env ? { env: opts.env } : {}),
    ...(slack ? { sinkFactories: { slack } } : {}),
    ...(opts.sink ? { sink: opts.sink } : {}),
    ...(opts.queueName !== undefined ? { queueName: opts.queueName } : {}),
    resultKinds: opts.resultKinds ?? engine.resultKinds,
    ...(opts.own ? { own: opts.own } : {}),
  });
  return { outbox, media, telegramClient, links, rosterCards };
}
