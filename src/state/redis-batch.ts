/**
 * Commands over keys in different Redis Cluster slots, sent together in one round trip's time.
 * On one server: one pipeline, as before. On a cluster a pipeline must stay on one node, so each
 * group becomes its own pipeline and all are sent at once (one round trip per node, in
 * parallel). A group's own commands must share a slot (e.g. one shift's keys).
 *
 * Not atomic, like any pipeline, and on a cluster groups run in no particular order: a caller
 * that needs "A before B" across slots awaits A first.
 */
import type { ChainableCommander } from 'ioredis';
import { isCluster, type RedisClient } from './redis-connection';

/** Adds one group's commands to a pipeline. */
export type PipelineGroup = (pipeline: ChainableCommander) => unknown;

/** The replies, in order, as `[error, value]` pairs like ioredis's `exec()`. */
export async function crossSlotBatch(client: RedisClient, groups: readonly PipelineGroup[]): Promise<[Error | null, unknown][]> {
  if (groups.length === 0) return [];
  if (!isCluster(client)) {
    const pipeline = client.pipeline();
    for (const group of groups) group(pipeline);
    return (await pipeline.exec()) ?? [];
  }
  const replies = await Promise.all(
    groups.map(async (group) => {
      const pipeline = client.pipeline();
      group(pipeline);
      return (await pipeline.exec()) ?? [];
    }),
  );
  return replies.flat();
}

/** The replies' values, in order; the first error is thrown. */
export function values(replies: readonly [Error | null, unknown][]): unknown[] {
  const failed = replies.find(([err]) => err);
  if (failed?.[0]) throw failed[0];
  return replies.map(([, value]) => value);
}

/**
 * `first`, then `then`: on one server one pipeline (a connection keeps its order); on a cluster
 * the `first` groups (sent at once) are answered before `then` is sent, and a failure among them
 * stops `then`. For an index that must be written before, or removed only after, what it lists.
 */
export async function crossSlotInOrder(client: RedisClient, first: readonly PipelineGroup[], then: readonly PipelineGroup[]): Promise<[Error | null, unknown][]> {
  if (!isCluster(client)) return crossSlotBatch(client, [...first, ...then]);
  const before = await crossSlotBatch(client, first);
  values(before);
  return [...before, ...(await crossSlotBatch(client, then))];
}
