import path from 'node:path';
import type { Express } from 'express';
import type { SlackAdapter, SlackAdapterOverrides } from '../../adapters/slack/adapter';
import type { TelegramAdapter, TelegramAdapterOverrides } from '../../adapters/telegram/adapter';
import { registerTriage } from '../../adapters/slack/triage';
import { demoPage } from '../../adapters/webchat/demo-page';
import { LiveStreams } from '../../adapters/webchat/live-streams';
import { createWebchatRouter } from '../../adapters/webchat/router';
import { serveWidget, widgetScript } from '../../adapters/webchat/widget-asset';
import { defaultCatalogPath, loadCatalog, repoRoot } from '../catalog';
import type { Catalog } from '../catalog/types';
import { DEFAULT_NEARBY } from '../catalog/schema-nearby';
import type { Config } from '../config';
import { DEFAULT_LIMITS } from '../engine/env';
import { loadI18n, moduleLocales } from '../i18n';
import type { Logger } from '../log';
import { createDataExport } from '../privacy/data-export';
import { RetentionJob } from '../privacy/retention';
import { CONSENT_WORDING } from '../../dialogs/report/contact-steps';
import { participationModules, participationServices } from '../../dialogs';
import { mergeServices } from '../modules/services';
import { participantId } from '../runtime/once-claims';
import { deliverNotice } from '../runtime/notices';
import { noticesRoute } from '../runtime/queued-notices';
import { createEngine, type ParticipationModule } from '../engine';
import type { mediaUrlFor } from '../media/signed-url';
import type { OutboxRelay } from '../outbox/relay';
import { Open311StatusPoller } from '../cases/open311-status-poller';
import { reportRecordsRetention } from '../privacy/report-records-retention';
import type { Outbox } from '../outbox/wiring';
import { composeOutbox } from '../compose/outbox-root';
import { askReporter } from '../runtime/agency-questions';
import { blockReporter } from '../runtime/abuse-list';
import { deliverStatusUpdate } from '../runtime/status-updates';
import { mergeReport } from '../runtime/report-merge';
import type { ProactiveDelivery, RuntimeDeps } from '../runtime/deps';
import { createEnv } from '../runtime/env';
import { SessionCache } from '../runtime/session-cache';
import { afterHandoff, waitingFor } from '../runtime/report-records';
import { ReferenceBlocks } from '../runtime/reference-blocks';
import { createGeocoder } from '../geo/from-config';
import { createMetrics } from '../metrics';
import { configureModelCache } from '../nlu/model-cache';
import type { Sink } from '../sinks/types';
import { createStores, type Stores } from '../state';
import { registerNearbyCopyMetrics } from '../cases/report-nearby-metrics';
import { RoundTripCounter } from '../state/redis-calls';
import { createAbuse } from '../abuse';
import { createApp } from './app';
import { limitStoresFor } from './limit-stores';

/** Everything a running WeGov process holds, and how to stop it. */
export interface Wiring {
  app: Express;
  runtime: RuntimeDeps;
  relay: OutboxRelay;
  streams: LiveStreams;
  stores: Stores;
  catalog: Catalog;
  /**
   * Open311Sink's `mediaUrl` option: the signed link to a report's photo, kept in the media store
   * for the link's lifetime (WEGOV_PUBLIC_URL, WEGOV_MEDIA_URL_SECRET, WEGOV_MEDIA_URL_TTL_SECONDS).
   */
  mediaUrl: ReturnType<typeof mediaUrlFor>;
  /** Router, delivery queue and workers (issue 5). */
  outbox: Outbox;
  /** Asks Open311 agencies about their cases (WEGOV_STATUS_POLL_SECONDS). */
  statusPoller: Open311StatusPoller;
  /** Deletes personal data past the catalogue's retention periods (WEGOV_RETENTION_SWEEP_SECONDS). */
  retention: RetentionJob;
  /** Set when TELEGRAM_BOT_TOKEN is. */
  telegram: TelegramAdapter | undefined;
  /** Set when SLACK_BOT_TOKEN is (its Bolt app: `slack.app`). */
  slack: SlackAdapter | undefined;
  /**
   * Redis round trips so far on the connections turns use: the stores', the rate limiters' and
   * the abuse controls' (not the outbox queue's or a subscriber's). 0 with the memory stores.
   */
  redisRoundTrips(): { count: number; byOperation: Record<string, number> };
  /** Stops the relay, ends live streams and closes the stores (the HTTP server is the caller's). */
  close(): Promise<void>;
}

/** Replaceable parts, for tests (a failing sink, a fixed clock) and embedding. */
export interface ComposeOverrides {
  /** Kinds of participation besides WeGov's own (dialogs/index.ts), e.g. a test's throwaway kind. */
  modules?: readonly ParticipationModule[];
  stores?: Stores;
  /** Deliver every submission to this sink instead of the catalogue's sinks. */
  sink?: Sink;
  /** BullMQ queue name for the outbox (tests on a shared Redis use their own). */
  outboxQueueName?: string;
  now?: () => Date;
  random?: () => number;
  heartbeatMs?: number;
  /** Outbox sweep interval; WEGOV_OUTBOX_SWEEP_SECONDS (30 s). */
  relayIntervalMs?: number;
  /** Default true: sweep pending submissions at start and on the interval. */
  startRelay?: boolean;
  /** Telegram adapter knobs (bot username instead of getMe, no polling, sender rates). */
  telegram?: TelegramAdapterOverrides;
  /** Slack adapter knobs (Web API retries). */
  slack?: SlackAdapterOverrides;
  /** Adjusts the catalogue as loaded (tests: e.g. the nearby offer switched off). */
  catalog?: (loaded: Catalog) => Catalog;
}

/** Builds the process from a validated config: catalogue, i18n, stores, runtime, relay, app. */
export async function compose(config: Config, logger: Logger, overrides: ComposeOverrides = {}): Promise<Wiring> {
  const root = repoRoot();
  const catalogFile = config.catalogFile !== undefined ? path.resolve(config.catalogFile) : defaultCatalogPath({});
  const loaded = loadCatalog(catalogFile);
  const catalog = overrides.catalog ? overrides.catalog(loaded) : loaded;
  const engine = createEngine(participationModules(overrides.modules));
  const i18n = await loadI18n(path.join(root, 'locales'), catalog.jurisdiction.defaultLocale, moduleLocales(engine.modules));
  // People are offered the jurisdiction's languages (the catalogue checks each one ships).
  const offered = i18n.locales.filter((l) => catalog.jurisdiction.locales.includes(l));
  // Trained now (the menu's intent classifier), not on someone's first message; or loaded, when
  // trained before on the same examples (src/nlu/model-cache.ts, WEGOV_MODEL_CACHE_DIR).
  configureModelCache({
    dir: config.modelCacheDir,
    onError: (err, file) => logger.warn({ err, file }, 'model cache: a stored model was unusable or could not be stored; trained instead'),
  });
  for (const m of engine.modules) m.prepare?.(catalog, i18n.locales);
  // Every Redis round trip this process makes for turns: stores, rate limits, abuse controls.
  const redisTrips = new RoundTripCounter();
  const stores =
    overrides.stores ??
    createStores({
      ...(config.redisUrl !== undefined ? { redisUrl: config.redisUrl } : {}),
      commandTimeoutMs: config.redisCommandTimeoutMs,
      counter: redisTrips,
    });
  const metrics = createMetrics({ defaults: true });
  if (stores.nearbyCopy) {
    registerNearbyCopyMetrics(metrics.registry, stores.nearbyCopy);
    // Reasons only (a category id and what happened): no report's content.
    stores.nearbyCopy.onDrop = (categoryId, why) => logger.warn({ categoryId, why }, 'nearby reports: copy of the index dropped; searches go to Redis until it is loaded again');
  }
  const env = createEnv({
    catalog,
    i18n: { locales: offered.length > 0 ? offered : i18n.locales, commandWords: i18n.commandWords },
    limits: { ...DEFAULT_LIMITS, photoMaxBytes: config.photoMaxBytes },
    publicUrl: config.media.publicUrl,
    ...(overrides.now ? { now: overrides.now } : {}),
    ...(overrides.random ? { random: overrides.random } : {}),
  });
  // The outbox is built as `wegov worker` builds it (src/compose/outbox-root.ts): sinks, Telegram
  // photos, the photo decode pool and signed photo links.
  let pseudonymSecret = '';
  // WEGOV_ROLE: a web process only serves; the background work (deliveries, the outbox sweep,
  // reminders and nudges, status polling, retention) runs in `all` and `worker` processes.
  const runsBackground = config.role !== 'web';
  const serves = config.role !== 'worker';
  // The relay writes a report's record when it hands the report over; this process's reads wait for its own (report-records.ts).
  const reports = afterHandoff(stores.reports, () => relay);
  // What the modules run besides their dialogs (src/modules/services.ts): own sinks, routes, commands.
  const services = mergeServices(
    participationServices({
      catalog,
      stores: { ...stores, reports },
      logger,
      now: overrides.now ?? (() => new Date()),
      i18n,
      publicUrl: config.media.publicUrl,
      openDataLicence: config.openDataLicence,
      // Keyed like the once claims' participant ids, with the secret the outbox root settles below.
      pseudonym: (scope, person) => participantId(pseudonymSecret, scope, person),
      linkSecret: () => pseudonymSecret,
      // Notices run as turns of the person's conversation: the runtime is built below.
      notify: (conversationId, notice) => deliverNotice(runtime, conversationId, notice),
      // Follow-up results of the modules' own sinks and jobs go through the outbox built below.
      submit: (submission) => relay.submit(submission),
      serving: {
        background: runsBackground,
        ...(config.redisUrl !== undefined ? { redisUrl: config.redisUrl } : {}),
        ...(overrides.outboxQueueName !== undefined ? { queueName: `${overrides.outboxQueueName}-reminders` } : {}),
        bulkNoticesPerMinute: config.bulkNoticesPerMinute,
      },
    }),
  );
  const { outbox, media, telegramClient, links, rosterCards } = composeOutbox({
    // Queued notices to people (a merge's, runtime/queued-notices.ts) run as turns: the runtime is built below.
    own: [...(services.sinks ?? []), noticesRoute((conversationId, notice) => deliverNotice(runtime, conversationId, notice))],
    rosters: services.rosters,
    resultKinds: engine.resultKinds,
    config,
    catalog,
    stores,
    logger,
    metrics,
    ...(overrides.now ? { now: overrides.now } : {}),
    ...(overrides.sink ? { sink: overrides.sink } : {}),
    ...(overrides.outboxQueueName !== undefined ? { queueName: overrides.outboxQueueName } : {}),
  });
  const mediaUrl = links.mediaUrl;
  pseudonymSecret = links.secret;
  const relay = outbox.relay;
  const clock = overrides.now ? { now: overrides.now } : {};
  const proactive: Record<string, ProactiveDelivery> = {
    // Web chat receives status updates over its live event stream (the commit publishes them).
    webchat: async () => undefined,
  };
  // Typed places (src/geo): the gazetteer, or Nominatim/Pelias cached on the stores' Redis when there is one.
  const geocoder = createGeocoder(catalog.jurisdiction.geocoder, {
    boundary: catalog.jurisdiction.boundary,
    defaultLocale: catalog.jurisdiction.defaultLocale,
    ...(stores.redis ? { redis: stores.redis } : {}),
    logger,
    metrics,
  });
  const runtime: RuntimeDeps = {
    engine,
    ...(geocoder ? { geocoder } : {}),
    // A report's reference names its conversation once the relay has handed the report over: this process's lookups wait for its own.
    store: waitingFor(stores.sessions, () => relay, new Set(['lookupReference'])),
    // Recently used sessions (src/runtime/session-cache.ts): an ordinary turn is one Redis round trip.
    cache: new SessionCache(),
    // Report references claimed a block at a time (src/runtime/reference-blocks.ts): none costs a round trip of its own.
    references: new ReferenceBlocks(stores.sessions, links.secret, catalog.jurisdiction.referencePrefix),
    media,
    proactive,
    env,
    i18n,
    logger,
    metrics,
    outbox: relay,
    reports,
    // Effects the modules' flows request (src/runtime/effects.ts), e.g. a place on a shift.
    effects: services.effects,
    // "Once per person" results (src/runtime/once-claims.ts): pseudonyms keyed with the photo-link
    // secret; a claim is kept as long as the participation responses it counts.
    participation: { store: stores.participation, secret: links.secret, keepSeconds: catalog.retention.consultationResponsesDays * 86_400 },
    // Per-identity limits and staff blocks (src/abuse): Redis when the stores are, else memory.
    abuse: createAbuse({
      ...(config.redisUrl !== undefined && stores.kind === 'redis' ? { redisUrl: config.redisUrl } : {}),
      commandTimeoutMs: config.redisCommandTimeoutMs,
      counter: redisTrips,
      ...config.abuse,
    }),
    // A transcript is never kept past the catalogue's retention for transcripts (src/privacy/retention.ts).
    ttl: {
      sessionSeconds: Math.min(config.sessionTtlSeconds, catalog.retention.transcriptsDays * 86_400),
      followSeconds: Math.min(config.reportFollowSeconds, catalog.retention.transcriptsDays * 86_400),
      dedupeSeconds: config.dedupeTtlSeconds,
      referenceOwnerSeconds: catalog.retention.casesDays * 86_400,
    },
  };
  // "My data" links (src/privacy/data-export.ts): minted by the runtime, served by the app.
  const myData = createDataExport({
    baseUrl: config.media.publicUrl,
    secret: links.secret,
    store: stores.sessions,
    media: stores.media,
    cases: stores.cases,
    reports: stores.reports,
    catalog,
    i18n,
    consentWordings: [CONSENT_WORDING],
    ...clock,
  });
  runtime.dataExport = myData.link;
  // Telegraf is about 16 MB of memory: loaded only where Telegram is configured (as Slack below).
  const telegramModule = config.telegram ? (require('../../adapters/telegram/adapter') as typeof import('../../adapters/telegram/adapter')) : undefined;
  const telegram = telegramClient && config.telegram && telegramModule ? new telegramModule.TelegramAdapter(telegramClient, config.telegram, runtime, overrides.telegram, { documents: services.documents }) : undefined;
  if (telegram) proactive.telegram = telegram.proactive;
  // Bolt and the Web API client are about 30 MB of modules: loaded only where Slack is configured.
  const slackModule = config.slack ? (require('../../adapters/slack/adapter') as typeof import('../../adapters/slack/adapter')) : undefined;
  const slack = config.slack && slackModule ? new slackModule.SlackAdapter(config.slack, { runtime, cases: stores.cases, catalog, digests: services.digests, rosters: services.rosters, ...(services.adoptionSummary ? { adoptions: services.adoptionSummary } : {}), ...(rosterCards ? { rosterCards } : {}), forwards: (agencyId, kind) => outbox.router.forwards?.(agencyId, kind) ?? true }, overrides.slack) : undefined;
  if (slack) {
    proactive.slack = slack.proactive;
    // Public servants' buttons and modals on the triage cards (adapters/slack/triage), in the
    // deployment's working language (set by composeOutbox).
    registerTriage(slack.app, {
      client: slack.client,
      cases: stores.cases,
      deliver: (update) => deliverStatusUpdate(runtime, update),
      askReporter: (q) => askReporter(runtime, { reference: q.reference, question: q.question, questionId: q.questionId, replyTo: q.caseKey }),
      allowedUsers: slack.config.triageAllowedUsers,
      abuse: { block: (r) => blockReporter(runtime, r), blockDays: config.abuse.blockDays },
      // "Duplicate of…": records, follows, the reporter told once, no second close (src/runtime/report-merge.ts).
      merge: (r) => mergeReport(runtime, stores.cases, r, { queue: (s) => relay.submit(s) }),
      sinkKeys: () => outbox.router.slackSinkKeys(),
      timezone: catalog.jurisdiction.timezone,
      logger,
      ...clock,
    });
  }
  // Channel routers parse their own bodies: Bolt verifies the signature over the raw body.
  const mounts = [
    ...(telegram?.webhookRouter ? [{ path: '/telegram', router: telegram.webhookRouter }] : []),
    ...(slack?.webhookRouter && slackModule ? [{ path: slackModule.SLACK_MOUNT, router: slack.webhookRouter }] : []),
  ];
  const streams = new LiveStreams(config.streams);
  // Rate limits count in Redis when there is one, so they hold across processes.
  const limitStores = limitStoresFor({ redisUrl: config.redisUrl, commandTimeoutMs: config.redisCommandTimeoutMs, counter: redisTrips });
  // The web chat channel (adapters/webchat): its API, the demo page and the widget script.
  const webchat = {
    router: createWebchatRouter(runtime, {
      streams,
      allowedOrigins: config.allowedOrigins,
      rate: { sessionsPerMinute: config.rateSessionsPerMinute, messagesPerMinute: config.rateMessagesPerMinute, authFailuresPerMinute: config.rateAuthFailuresPerMinute },
      limitStore: (name: string) => limitStores.store(name),
      ...(overrides.heartbeatMs !== undefined ? { heartbeatMs: overrides.heartbeatMs } : {}),
    }),
    demoPage: demoPage(root),
    widget: serveWidget(widgetScript(root), logger),
  };
  const app = createApp({
    runtime,
    webchat,
    mediaUrls: { secret: links.secret, ...clock },
    myData: myData.route,
    ...(config.adminToken !== undefined ? { adminToken: config.adminToken } : {}),
    ...(config.agencyPushSecret !== undefined ? { agencyPushSecret: config.agencyPushSecret } : {}),
    trustProxy: config.trustProxy,
    storeKind: stores.kind,
    publicMetrics: config.metrics.port === undefined,
    readmeFile: path.join(root, 'README.md'),
    mounts,
    modules: { public: services.publicRouters, admin: services.adminRouters },
  });
  if (runsBackground && (overrides.startRelay ?? true)) relay.start(overrides.relayIntervalMs ?? config.outbox.sweepSeconds * 1000);
  if (config.role === 'worker' || (config.role === 'all' && config.outbox.workers)) outbox.startWorkers();
  // Agencies' answers: polled where the people's channels are (an `all` or `worker` process).
  const statusPoller = new Open311StatusPoller({
    cases: stores.cases,
    sinks: () => outbox.router.open311Sinks(),
    deliver: (update) => deliverStatusUpdate(runtime, update),
    logger,
    metrics,
    ...clock,
  });
  if (runsBackground && config.outbox.statusPollSeconds > 0 && outbox.router.open311Sinks().length > 0) statusPoller.start(config.outbox.statusPollSeconds * 1000);
  // Personal data past the catalogue's retention periods is deleted (one process per interval).
  const retention = new RetentionJob({ retention: catalog.retention, cases: stores.cases, files: () => outbox.router.fileSinks?.() ?? [], queue: outbox.queue, modules: [...services.retention, reportRecordsRetention(stores.reports, catalog.retention.casesDays, overrides.now)], logger, ...clock });
  if (runsBackground && config.retentionSweepSeconds > 0) retention.start(config.retentionSweepSeconds * 1000);
  // Receiving (Telegram polling, Slack Socket Mode) is serving; a worker only sends through them.
  if (serves) {
    telegram?.start();
    slack?.start();
    // The nearby offer's copy of the index, loaded before the first report needs it (in the background).
    if ((catalog.nearby?.radiusM ?? DEFAULT_NEARBY.radiusM) > 0) void stores.reports.warmNearby?.(catalog.categories.map((c) => c.id));
  }

  let closed = false;
  return {
    app,
    runtime,
    relay,
    streams,
    stores,
    catalog,
    mediaUrl,
    outbox,
    statusPoller,
    retention,
    telegram,
    slack,
    // Stores passed in (tests) count on their own counter.
    redisRoundTrips: () => ({
      count: redisTrips.count + (overrides.stores ? overrides.stores.roundTrips() : 0),
      byOperation: Object.fromEntries(redisTrips.byOperation),
    }),
    async close() {
      if (closed) return;
      closed = true;
      await telegram?.stop();
      await slack?.stop();
      streams.closeAll();
      statusPoller.stop();
      await statusPoller.idle();
      retention.stop();
      await retention.idle();
      await geocoder?.close?.();
      await services.close();
      await outbox.close();
      await stores.close();
      await limitStores.close();
      await runtime.abuse?.store.close();
    },
  };
}
