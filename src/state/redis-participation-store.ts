/**
 * ParticipationStore on Redis: one STRING per (scope, participant) holding the current
 * response id, expiring with the responses' retention when the caller gives one. A claim is
 * `SET key id GET [EX ttl]` (one round trip, atomic: of two racing claims one sees the other's
 * id); a release is a compare-and-restore script on that one key (KEEPTTL). Keys are hash-tagged
 * by scope.
 */
import { RedisCalls, RoundTripCounter } from './redis-calls';
import { REDIS_CONNECTION_DEFAULTS } from './redis-connection';
import { participationKey } from './redis-keys';
import type { RedisStoreOptions } from './redis-store';
import { checkTtl, type ParticipationStore } from './participation-store';

/** KEYS[1] claim; ARGV[1] the id to undo; ARGV[2] the id to restore ('' removes the claim). */
const RELEASE = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] == '' then redis.call('DEL', KEYS[1]) else redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL') end
return 1`;

export class RedisParticipationStore implements ParticipationStore {
  readonly #calls: RedisCalls;

  constructor(opts: Omit<RedisStoreOptions, 'historyLimit' | 'historyMaxBytes' | 'now'>) {
    this.#calls = new RedisCalls(opts.client, opts.counter ?? new RoundTripCounter(), opts.readyTimeoutMs ?? REDIS_CONNECTION_DEFAULTS.commandTimeoutMs);
  }

  async claim(scope: string, participant: string, responseId: string, ttlSeconds?: number): Promise<string | null> {
    checkTtl(ttlSeconds);
    const key = participationKey(scope, participant);
    return this.#calls.call('participation.claim', (c) => (ttlSeconds === undefined ? c.set(key, responseId, 'GET') : c.set(key, responseId, 'EX', ttlSeconds, 'GET')));
  }

  async release(scope: string, participant: string, responseId: string, previous: string | null): Promise<void> {
    await this.#calls.call('participation.release', (c) => c.eval(RELEASE, 1, participationKey(scope, participant), responseId, previous ?? ''));
  }

  async current(scope: string, participant: string): Promise<string | null> {
    return this.#calls.call('participation.current', (c) => c.get(participationKey(scope, participant)));
  }

  async forget(scope: string, participant: string): Promise<void> {
    await this.#calls.call('participation.forget', (c) => c.del(participationKey(scope, participant)));
  }
}
