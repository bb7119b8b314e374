/**
 * `wegov outbox:list`, `wegov outbox:replay <jobId>`: the outbox from the shell (`wegov worker`
 * is `wegov start --role worker`: src/cli/start.ts).
 * list and replay talk to the BullMQ queue in Redis; the embedded in-memory queue lives inside
 * the running process and cannot be reached from another one.
 */
import { ConfigError, loadConfig, type Config } from '../config';
import { BullmqDeliveryQueue } from '../outbox/bullmq-queue';
import type { DeadLetter, DeliveryQueue } from '../outbox/queue';

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
