import { randomUUID } from 'node:crypto';
import { BullmqDeliveryQueue } from '../../src/outbox/bullmq-queue';
import { MemoryDeliveryQueue } from '../../src/outbox/memory-queue';
import type { DeliveryQueue } from '../../src/outbox/queue';
import type { Submission } from '../../src/state/types';
import { testRedisUrl } from '../setup/redis';

export type QueueKind = 'memory' | 'bullmq';

/**
 * Tiny backoff so retries take milliseconds; a queue name of its own on the shared Redis (or on
 * `extra.redisUrl`, e.g. the test Redis Cluster).
 */
export function makeQueue(kind: QueueKind, attempts = 4, extra: { lockDurationMs?: number; stalledIntervalMs?: number; redisUrl?: string } = {}): DeliveryQueue {
  const backoff = { baseMs: 20, maxMs: 100 };
  return kind === 'memory'
    ? new MemoryDeliveryQueue({ attempts, backoff })
    : new BullmqDeliveryQueue({ redisUrl: testRedisUrl(), name: `t-${randomUUID()}`, attempts, backoff, ...extra });
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function sub(id: string, payload: unknown = { id }): Submission {
  return { id, kind: 'report', conversationId: `conv-${id}`, createdAt: '2026-11-27T10:00:00.000Z', payload };
}

export class PermanentFailure extends Error {
  readonly permanent = true;
  constructor(
    message: string,
    readonly reason: string,
  ) {
    super(message);
  }
}
