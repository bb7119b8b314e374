/**
 * Issue 15, many processes: three web processes and one worker, residents reporting potholes
 * through any of them at random, a web process SIGKILLed and replaced at even steps of progress,
 * and Redis killed and restarted once half way (bench/scale/scenario.ts). Every report reaches
 * the agency exactly once, no answer a resident saw is lost, nothing is processed twice, every
 * conversation carries on, and a rate limit holds across the processes.
 *
 * The same run on two deployments: one durable Redis (3 kills), and a Redis Cluster of three
 * durable masters without replicas where one master is killed and restarted (1 kill: CI's time
 * is short, and a cluster's faults are the master's, not the web processes'). Most of the time
 * is starting processes (about 5 s of CPU each), not the conversations; `npm run bench:scale`
 * runs 1,000 with a kill every 3 s on both.
 */
import { runScale } from '../../bench/scale/scenario';
import type { RedisKind } from '../../bench/scale/redis-target';
import { launchFromSources } from './launch';

interface Variant {
  redis: RedisKind;
  conversations: number;
  kills: number;
}

const VARIANTS: readonly (readonly [string, Variant])[] = [
  ['one Redis', { redis: 'redis', conversations: Number(process.env.WEGOV_SCALE_CONVERSATIONS ?? 40), kills: 3 }],
  ['a Redis Cluster of three masters', { redis: 'cluster', conversations: Number(process.env.WEGOV_SCALE_CLUSTER_CONVERSATIONS ?? 24), kills: 1 }],
];

jest.setTimeout(900_000);

describe.each(VARIANTS)('three web processes and a worker on %s, with kills and a Redis restart', (_name, v) => {
  it('loses nothing, duplicates nothing, and every conversation carries on', async () => {
    const { figures, problems } = await runScale({ launch: launchFromSources, redis: v.redis, conversations: v.conversations, concurrency: 32, seed: 15, chaos: { kills: v.kills } });
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    expect(problems).toEqual([]);
    expect(figures).toMatchObject({
      redis: v.redis,
      conversations: v.conversations,
      kills: v.kills,
      redisRestarts: 1,
      reportsDelivered: v.conversations,
      reportsDeliveredExactlyOnce: v.conversations,
      duplicates: 0,
      lost: 0,
      carriedOn: v.conversations,
      // Failed requests per address: 6 a minute across all three processes, not 6 each.
      sharedRateLimit: { processes: 3, limitPerMinute: 6, allowed: 6, refused: 12 },
    });
  });
});
