import { RedisCalls } from '../state/redis-calls';
import { caseKey, casesByUpdateKey, leaseKey, trackedCasesKey } from '../state/redis-keys';
import type { AgencyCase, CaseStore } from './types';

/**
 * Cases on Redis: the case as a JSON STRING (no TTL), tracked keys in a SET per sink, leases as
 * `SET NX PX`, and a ZSET of case keys by update time (for weekly figures). Each call is one round trip (`tracked` is two: the SET, then one MGET).
 */
/** How long a case stays in the by-update index (the stats window is a week). */
const UPDATE_INDEX_KEEP_MS = 35 * 86_400_000;

export class RedisCaseStore implements CaseStore {
  constructor(private readonly calls: RedisCalls) {}

  async get(key: string): Promise<AgencyCase | null> {
    const json = await this.calls.call('cases.get', (c) => c.get(caseKey(sinkOf(key), key)));
    return json === null ? null : (JSON.parse(json) as AgencyCase);
  }

  async put(c: AgencyCase): Promise<void> {
    await this.calls.call('cases.put', async (client) => {
      const tx = client.multi().set(caseKey(c.sinkKey, c.key), JSON.stringify(c));
      if (c.state === 'created') tx.sadd(trackedCasesKey(c.sinkKey), c.key);
      const results = await tx.exec();
      const failed = results?.find(([err]) => err);
      if (failed?.[0]) throw failed[0];
      // The time index is its own key (another slot in a cluster), so it is written after the case.
      // Only recent weeks are ever asked for (`/wegov stats`): older entries are trimmed as we go.
      const at = Date.parse(c.updatedAt);
      await client
        .pipeline()
        .zadd(casesByUpdateKey(), Number.isFinite(at) ? at : Date.now(), c.key)
        .zremrangebyscore(casesByUpdateKey(), '-inf', Date.now() - UPDATE_INDEX_KEEP_MS)
        .exec();
    });
  }

  async updatedSince(since: Date): Promise<AgencyCase[]> {
    const keys = await this.calls.call('cases.updatedSince', (c) => c.zrangebyscore(casesByUpdateKey(), since.getTime(), '+inf'));
    if (keys.length === 0) return [];
    const values = await this.calls.call('cases.getMany', async (client) => {
      const pipeline = client.pipeline();
      for (const key of keys) pipeline.get(caseKey(sinkOf(key), key));
      const results = (await pipeline.exec()) ?? [];
      return results.map(([err, value]) => (err || typeof value !== 'string' ? null : value));
    });
    return values.filter((v): v is string => v !== null).map((v) => JSON.parse(v) as AgencyCase);
  }

  async tracked(sinkKey: string): Promise<AgencyCase[]> {
    const keys = await this.calls.call('cases.tracked', (c) => c.smembers(trackedCasesKey(sinkKey)));
    if (keys.length === 0) return [];
    const values = await this.calls.call('cases.mget', (c) => c.mget(...keys.map((k) => caseKey(sinkKey, k))));
    return values.filter((v): v is string => v !== null).map((v) => JSON.parse(v) as AgencyCase);
  }

  async untrack(sinkKey: string, key: string): Promise<void> {
    await this.calls.call('cases.untrack', (c) => c.srem(trackedCasesKey(sinkKey), key));
  }

  async release(name: string): Promise<void> {
    await this.calls.call('cases.release', (c) => c.del(leaseKey(name)));
  }

  async lease(name: string, ttlMs: number): Promise<boolean> {
    const ok = await this.calls.call('cases.lease', (c) => c.set(leaseKey(name), '1', 'PX', Math.max(1, Math.round(ttlMs)), 'NX'));
    return ok === 'OK';
  }
}

/** The sink part of a case key `<submissionId>@<sinkKey>` (submission ids have no `@`). */
function sinkOf(key: string): string {
  const at = key.indexOf('@');
  return at < 0 ? '' : key.slice(at + 1);
}
