import { RedisCalls, RoundTripCounter } from './redis-calls';
import { REDIS_CONNECTION_DEFAULTS } from './redis-connection';
import { mediaKey } from './redis-keys';
import type { RedisStoreOptions } from './redis-store';
import type { MediaStore } from './types';

/** MediaStore on Redis: one HASH per item (`contentType`, `data`), expiring with EX. */
export class RedisMediaStore implements MediaStore {
  readonly #calls: RedisCalls;

  constructor(opts: Omit<RedisStoreOptions, 'historyLimit' | 'historyMaxBytes' | 'now'>) {
    this.#calls = new RedisCalls(
      opts.client,
      opts.counter ?? new RoundTripCounter(),
      opts.readyTimeoutMs ?? REDIS_CONNECTION_DEFAULTS.commandTimeoutMs,
    );
  }

  /** Network round trips made so far. */
  get roundTrips(): number {
    return this.#calls.counter.count;
  }

  async put(id: string, contentType: string, data: Buffer, ttlSeconds: number): Promise<void> {
    if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds <= 0) {
      throw new RangeError(`ttlSeconds must be a positive integer, got ${ttlSeconds}`);
    }
    const key = mediaKey(id);
    await this.#calls.call('media.put', async (c) => {
      const results = await c.multi().del(key).hset(key, 'contentType', contentType, 'data', data).expire(key, ttlSeconds).exec();
      const failed = results?.find(([err]) => err);
      if (failed?.[0]) throw failed[0];
    });
  }

  async get(id: string): Promise<{ contentType: string; data: Buffer } | null> {
    const [contentType, data] = await this.#calls.call('media.get', (c) =>
      c.hmgetBuffer(mediaKey(id), 'contentType', 'data'),
    );
    if (!contentType || !data) return null;
    return { contentType: contentType.toString('utf8'), data };
  }

  async delete(id: string): Promise<void> {
    await this.#calls.call('media.delete', (c) => c.del(mediaKey(id)));
  }
}
