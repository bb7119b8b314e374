import type { ChainableCommander } from 'ioredis';
import { crossSlotBatch, type PipelineGroup } from '../state/redis-batch';
import { RedisCalls } from '../state/redis-calls';
import { caseKey, caseReferenceKey, casesByUpdateKey, leaseKey, trackedCasesKey } from '../state/redis-keys';
import type { AgencyCase, CaseStore } from './types';

/**
 * Cases on Redis: the case as a JSON STRING (no TTL: the retention job deletes old ones), tracked
 * keys in a SET per sink, leases as `SET NX PX`, a ZSET of case keys by update time (weekly
 * figures, retention) and a SET of case keys per reference (erasure, access). Each call is one round trip (`tracked` is two: the SET, then one MGET);
 * commands over several slots go through crossSlotBatch (one pipeline, or one per slot on a cluster).
 */

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
      // The indexes are their own keys (other slots in a cluster), so they are written after the
      // case: by update time (weekly figures, retention) and by reference (erasure, access). The
      // retention job deletes old cases and their index entries (deleteUpdatedBefore).
      const at = Date.parse(c.updatedAt);
      await crossSlotBatch(client, [
        (p) => p.zadd(casesByUpdateKey(), Number.isFinite(at) ? at : Date.now(), c.key),
        (p) => p.sadd(caseReferenceKey(c.reference), c.key),
      ]);
    });
  }

  async updatedSince(since: Date): Promise<AgencyCase[]> {
    const keys = await this.calls.call('cases.updatedSince', (c) => c.zrangebyscore(casesByUpdateKey(), since.getTime(), '+inf'));
    return this.getMany(keys);
  }

  async byReference(reference: string): Promise<AgencyCase[]> {
    const keys = await this.calls.call('cases.byReference', (c) => c.smembers(caseReferenceKey(reference)));
    return (await this.getMany(keys)).filter((c) => c.reference === reference);
  }

  /** Pages through the by-update index (oldest first), 500 keys a round. */
  async deleteUpdatedBefore(cutoff: Date): Promise<number> {
    let deleted = 0;
    for (;;) {
      const keys = await this.calls.call('cases.expired', (c) => c.zrangebyscore(casesByUpdateKey(), '-inf', `(${cutoff.getTime()}`, 'LIMIT', 0, 500));
      if (keys.length === 0) return deleted;
      const cases = await this.getMany(keys);
      const references = new Map(cases.map((c) => [c.key, c.reference]));
      await this.calls.call('cases.delete', async (client) => {
        const groups: PipelineGroup[] = [];
        for (const key of keys) {
          // A case and its sink's tracked set share a slot; the reference's set has its own.
          groups.push((p) => p.del(caseKey(sinkOf(key), key)).srem(trackedCasesKey(sinkOf(key)), key));
          const reference = references.get(key);
          if (reference !== undefined) groups.push((p) => p.srem(caseReferenceKey(reference), key));
        }
        groups.push((p) => p.zrem(casesByUpdateKey(), ...keys));
        await crossSlotBatch(client, groups);
      });
      deleted += keys.length;
    }
  }

  private async getMany(keys: readonly string[]): Promise<AgencyCase[]> {
    if (keys.length === 0) return [];
    const values = await this.calls.call('cases.getMany', async (client) => {
      const results = await crossSlotBatch(client, keys.map((key) => (p: ChainableCommander) => p.get(caseKey(sinkOf(key), key))));
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
