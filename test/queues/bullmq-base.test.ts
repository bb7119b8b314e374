/**
 * The shared BullMQ base (src/queues/bullmq-base.ts): hash-tagged prefixes only, a worker per
 * process, and a connection the caller passes in (e.g. a Redis Cluster client) left open on close.
 */
import { randomUUID } from 'node:crypto';
import { BullmqBase, queueConnection } from '../../src/queues/bullmq-base';
import { testRedisUrl } from '../setup/redis';

describe('BullmqBase', () => {
  it('refuses a prefix that is not one hash tag (its keys would spread over Redis Cluster slots)', () => {
    for (const prefix of ['wegov-outbox', 'bull', '{a}{b}', '{}', 'x{a}']) {
      expect(() => new BullmqBase({ redisUrl: testRedisUrl(), prefix, name: 'q' })).toThrow(TypeError);
    }
  });

  it('keeps its own keys in the queue slot and runs jobs on a shared connection it does not close', async () => {
    const connection = queueConnection(testRedisUrl());
    const name = `t-${randomUUID()}`;
    const base = new BullmqBase<{ n: number }>({ connection, prefix: '{wegov-test}', name });
    try {
      expect(base.key('state', 'r1')).toBe(`{wegov-test}:${name}:state:r1`);
      const seen: number[] = [];
      let done: () => void = () => undefined;
      const finished = new Promise<void>((resolve) => {
        done = resolve;
      });
      expect(base.startWorker(async (job) => {
        seen.push(job.data.n);
        if (seen.length === 2) done();
      }, { concurrency: 2 })).toBe(true);
      expect(base.startWorker(async () => undefined, {})).toBe(false);
      await base.queue.addBulk([{ name: 'j', data: { n: 1 } }, { name: 'j', data: { n: 2 } }]);
      await finished;
      expect(seen.sort()).toEqual([1, 2]);
      await base.queue.obliterate({ force: true });
      await base.close();
      expect(base.startWorker(async () => undefined, {})).toBe(false);
      expect(await connection.ping()).toBe('PONG');
    } finally {
      await base.close();
      connection.disconnect();
    }
  });
});
