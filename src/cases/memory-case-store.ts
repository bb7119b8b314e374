import type { AgencyCase, CaseStore } from './types';

/** The embedded default: cases live as long as the process (as the memory session store's do). */
export class MemoryCaseStore implements CaseStore {
  private readonly cases = new Map<string, string>();
  private readonly bySink = new Map<string, Set<string>>();
  private readonly leases = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  async get(key: string): Promise<AgencyCase | null> {
    const json = this.cases.get(key);
    return json === undefined ? null : (JSON.parse(json) as AgencyCase);
  }

  async put(c: AgencyCase): Promise<void> {
    // Stored as JSON so callers never share (and mutate) a stored object.
    this.cases.set(c.key, JSON.stringify(c));
    if (c.state === 'created') {
      let keys = this.bySink.get(c.sinkKey);
      if (!keys) this.bySink.set(c.sinkKey, (keys = new Set()));
      keys.add(c.key);
    }
  }

  async tracked(sinkKey: string): Promise<AgencyCase[]> {
    const out: AgencyCase[] = [];
    for (const key of this.bySink.get(sinkKey) ?? []) {
      const c = await this.get(key);
      if (c) out.push(c);
    }
    return out;
  }

  async untrack(sinkKey: string, key: string): Promise<void> {
    this.bySink.get(sinkKey)?.delete(key);
  }

  async updatedSince(since: Date): Promise<AgencyCase[]> {
    const out: AgencyCase[] = [];
    for (const json of this.cases.values()) {
      const c = JSON.parse(json) as AgencyCase;
      if (Date.parse(c.updatedAt) >= since.getTime()) out.push(c);
    }
    return out;
  }

  async byReference(reference: string): Promise<AgencyCase[]> {
    return [...this.cases.values()].map((json) => JSON.parse(json) as AgencyCase).filter((c) => c.reference === reference);
  }

  async deleteUpdatedBefore(cutoff: Date): Promise<number> {
    let deleted = 0;
    for (const [key, json] of this.cases) {
      const c = JSON.parse(json) as AgencyCase;
      if (!(Date.parse(c.updatedAt) < cutoff.getTime())) continue;
      this.cases.delete(key);
      this.bySink.get(c.sinkKey)?.delete(key);
      deleted += 1;
    }
    return deleted;
  }

  async release(name: string): Promise<void> {
    this.leases.delete(name);
  }

  async lease(name: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    const until = this.leases.get(name);
    if (until !== undefined && until > now) return false;
    this.leases.set(name, now + ttlMs);
    return true;
  }
}
