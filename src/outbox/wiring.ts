/**
 * The outbox of one process, from its parts: router, delivery queue (BullMQ with REDIS_URL, else
 * memory), relay and workers. Channel-free: the composition root (src/compose/outbox-root.ts)
 * passes in what comes from adapters (the Slack sink factory, Telegram's media store).
 */
import type { Catalog } from '../catalog/types';
import type { Config } from '../config';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { CaseStore } from '../cases/types';
import type { ReportRecords } from '../cases/report-record';
import type { Open311SinkOptions } from '../sinks/open311';
import type { WebhookSinkOptions } from '../sinks/webhook';
import type { Sink } from '../sinks/types';
import type { ParticipationStore } from '../state/participation-store';
import type { MediaStore, SessionStore } from '../state/types';
import { BullmqDeliveryQueue } from './bullmq-queue';
import { crashedDeadLetterAnnouncer } from './dead-letter-alerts';
import { deliveryWorker } from './delivery';
import { MemoryDeliveryQueue } from './memory-queue';
import { DEFAULT_BACKOFF, type DeliveryQueue } from './queue';
import { OutboxRelay, type RelayDeps } from './relay';
import { ErasureSink } from '../privacy/erasure-sink';
import { SinkRouter, singleSinkRouter, type Route, type RouterOptions } from './routing';

/** The outbox of one process: router, queue (BullMQ with REDIS_URL, else memory), relay. */
export interface Outbox {
  queue: DeliveryQueue;
  router: Pick<SinkRouter, 'routes' | 'sink' | 'open311Sinks' | 'agencyOf' | 'alerts' | 'slackSinkKeys'> & Partial<Pick<SinkRouter, 'fileSinks' | 'forwards'>>;
  relay: OutboxRelay;
  /** Starts this process's workers (compose does when WEGOV_WORKERS=on; `wegov worker` always). */
  startWorkers(): void;
  close(): Promise<void>;
}

export interface OutboxOptions {
  config: Config;
  catalog: Catalog;
  store: SessionStore;
  media: MediaStore;
  logger: Logger;
  metrics?: Metrics;
  /** "Once per person" claims: erasure requests drop the person's. */
  participation?: ParticipationStore;
  /** Open311 deliveries' case records (src/cases). */
  cases?: CaseStore;
  /** Report records (src/cases/report-record.ts): "delete my data" removes their owner. */
  reports?: ReportRecords;
  /** The relay's last step: report records, then acknowledgements, in one round trip (src/state Stores.settleSubmissions). */
  settle?: RelayDeps['settle'];
  /** Open311 sinks' `media_url` (media/signed-url.ts mediaUrlFor). */
  mediaUrl?: Open311SinkOptions['mediaUrl'];
  /** Webhook v2 photo links (media/signed-url.ts mediaLinkFor). */
  mediaLink?: WebhookSinkOptions['mediaLink'];
  /**
   * Factories for catalogue sink types beyond file, open311 and webhook (src/compose/outbox-root.ts
   * registers `slack`); a catalogue sink without one is skipped with a warning.
   */
  sinkFactories?: RouterOptions['sinkFactories'];
  /** The participation modules' result kinds (which sinks take which, webhook event types). */
  resultKinds?: RouterOptions['resultKinds'];
  /** Sends everything to this sink instead of the catalogue's (tests, embedding). */
  sink?: Sink;
  /** BullMQ queue name (tests use their own on a shared Redis). */
  queueName?: string;
  env?: NodeJS.ProcessEnv;
  /** WeGov's own sinks from the participation modules (RouterOptions.own). */
  own?: readonly Route[];
}

export function createOutbox(opts: OutboxOptions): Outbox {
  const { config, logger, metrics } = opts;
  const backoff = { ...DEFAULT_BACKOFF, baseMs: config.outbox.backoffMs };
  const queue: DeliveryQueue =
    config.redisUrl !== undefined
      ? new BullmqDeliveryQueue({
          redisUrl: config.redisUrl,
          attempts: config.outbox.attempts,
          backoff,
          ...(opts.queueName !== undefined ? { name: opts.queueName } : {}),
        })
      : new MemoryDeliveryQueue({ attempts: config.outbox.attempts, backoff });
  // "Delete my data" reaches WeGov's own stores through the outbox too (src/privacy).
  const privacy = new ErasureSink({
    media: opts.media,
    store: opts.store,
    ...(opts.cases ? { cases: opts.cases } : {}),
    ...(opts.reports ? { reports: opts.reports } : {}),
    ...(opts.participation ? { participation: opts.participation } : {}),
    queue,
    sinkKeys: () => routerKeys(),
    logger,
  });
  const router = opts.sink
    ? singleSinkRouter(opts.sink, privacy, opts.own)
    : new SinkRouter({
        catalog: opts.catalog,
        submissionsFile: config.submissionsFile,
        logger,
        privacy,
        ...(opts.env ? { env: opts.env } : {}),
        ...(opts.cases ? { cases: opts.cases } : {}),
        ...(opts.mediaUrl ? { mediaUrl: opts.mediaUrl } : {}),
        ...(opts.mediaLink ? { mediaLink: opts.mediaLink } : {}),
        ...(opts.sinkFactories ? { sinkFactories: opts.sinkFactories } : {}),
        ...(opts.resultKinds ? { resultKinds: opts.resultKinds } : {}),
        ...(opts.own ? { own: opts.own } : {}),
      });
  const routerKeys = (): string[] => (router instanceof SinkRouter ? router.keys() : [`override.${opts.sink?.name ?? ''}`]);
  // Jobs the queue fails by itself (their workers kept crashing) are announced by the sweep.
  const onDeadLetters = opts.cases ? crashedDeadLetterAnnouncer({ cases: opts.cases, router, logger, ...(metrics ? { metrics } : {}) }) : undefined;
  const relay = new OutboxRelay({ store: opts.store, queue, router, logger, ...(metrics ? { metrics } : {}), ...(onDeadLetters ? { onDeadLetters } : {}), ...(opts.settle ? { settle: opts.settle } : {}) });
  const worker = deliveryWorker({ router, media: opts.media, logger, ...(metrics ? { metrics } : {}) });
  return {
    queue,
    router,
    relay,
    startWorkers: () => queue.startWorker(worker.processor, { ...worker.options, concurrency: config.outbox.concurrency }),
    async close() {
      relay.stop();
      await relay.idle();
      await queue.close();
      await worker.idle();
    },
  };
}
