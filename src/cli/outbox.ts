/**
 * `wegov worker`, `wegov outbox:list`, `wegov outbox:replay <jobId>`: the outbox from the shell.
 * list and replay talk to the BullMQ queue in Redis; the embedded in-memory queue lives inside
 * the running process and cannot be reached from another one.
 */
import path from 'node:path';
import { defaultCatalogPath, loadCatalog } from '../catalog';
import { composeModuleServices } from '../compose/module-services';
import { composeOutbox } from '../compose/outbox-root';
import { ConfigError, loadConfig, type Config } from '../config';
import { createLogger, errorSummary } from '../log';
import { BullmqDeliveryQueue } from '../outbox/bullmq-queue';
import type { DeadLetter, DeliveryQueue } from '../outbox/queue';
import type { OutboxRelay } from '../outbox/relay';
import { createMetrics } from '../metrics';
import { createStores } from '../state';
import type { Submission } from '../state/types';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** One dead letter per line: job id, submission, sink, attempts, when, reason (agency's words). */
export function formatDeadLetters(list: readonly DeadLetter[]): string[] {
  if (list.length === 0) return ['no dead letters'];
  return [
    `${list.length} dead letter(s): job id | submission | sink | attempts | failed at | reason`,
    ...list.map((d) => [d.id, d.submissionId, d.sinkKey, String(d.attempts), d.failedAt ?? '-', d.reason.replace(/\s+/g, ' ')].join(' | ')),
  ];
}

/** `outbox:list` against a queue (the CLI's, or a test's). */
export async function listDeadLetters(queue: Pick<DeliveryQueue, 'deadLetters'>, io: CliIo): Promise<number> {
  for (const line of formatDeadLetters(await queue.deadLetters())) io.out(line);
  return 0;
}

/** `outbox:replay <jobId>`: back to waiting with fresh attempts. */
export async function replayDeadLetter(queue: Pick<DeliveryQueue, 'replay'>, id: string | undefined, io: CliIo): Promise<number> {
  if (!id) {
    io.err('usage: wegov outbox:replay <jobId>   (job ids are listed by wegov outbox:list)');
    return 2;
  }
  if (await queue.replay(id)) {
    io.out(`${id}: moved back to the queue; a worker will deliver it`);
    return 0;
  }
  io.err(`${id}: no such dead letter`);
  return 1;
}

function redisQueue(config: Config): BullmqDeliveryQueue {
  if (config.redisUrl === undefined) {
    throw new ConfigError('outbox commands need REDIS_URL: without it the queue lives in memory inside the running WeGov process');
  }
  return new BullmqDeliveryQueue({ redisUrl: config.redisUrl, attempts: config.outbox.attempts });
}

export async function outboxCommand(command: 'outbox:list' | 'outbox:replay', args: readonly string[], io: CliIo, env = process.env): Promise<number> {
  const queue = redisQueue(loadConfig(env));
  try {
    return command === 'outbox:list' ? await listDeadLetters(queue, io) : await replayDeadLetter(queue, args[0], io);
  } finally {
    await queue.close();
  }
}

/** `wegov worker`: delivery workers and the outbox sweep, no HTTP server. Resolves a stop function. */
export async function runWorker(env: NodeJS.ProcessEnv = process.env): Promise<() => Promise<void>> {
  const config = loadConfig(env);
  const logger = createLogger({ level: config.logLevel, format: config.logFormat });
  const catalog = loadCatalog(config.catalogFile !== undefined ? path.resolve(config.catalogFile) : defaultCatalogPath({}));
  const stores = createStores({
    ...(config.redisUrl !== undefined ? { redisUrl: config.redisUrl } : {}),
    commandTimeoutMs: config.redisCommandTimeoutMs,
  });
  // The same outbox as the web process's (src/compose/outbox-root.ts), without the HTTP side.
  // The modules' own sinks (e.g. consultation results) are delivered here too.
  // The modules' own sinks may queue follow-up results (an adoption released on erasure) on this outbox.
  let relay: OutboxRelay | undefined;
  const submit = async (submission: Submission): Promise<void> => {
    if (!relay) throw new Error('the outbox is not built yet');
    await relay.submit(submission);
  };
  const services = await composeModuleServices({ config, catalog, stores, logger, submit });
  const { outbox } = composeOutbox({ config, catalog, stores, logger, metrics: createMetrics(), env, own: services.sinks, rosters: services.rosters });
  relay = outbox.relay;
  outbox.startWorkers();
  outbox.relay.start();
  logger.info({ queue: outbox.queue.kind }, 'WeGov outbox worker running');
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await services.close();
      await outbox.close();
      await stores.close();
      logger.info('worker stopped');
    })());
  const onSignal = (): void => {
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: errorSummary(error) }, 'worker shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return stop;
}
