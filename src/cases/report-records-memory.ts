import { nearbyEntryOf, searchEntries, type MeTooOutcome, type NearbyEntry, type NearbyQuery, type NearbyReport } from './report-nearby';
import { isOpenStatus, type MergeClaim, type ReportRecord, type ReportRecords } from './report-record';

/** The embedded default: report records live as long as the process. */
export class MemoryReportRecords implements ReportRecords {
  private readonly records = new Map<string, string>();
  private readonly follows = new Map<string, Set<string>>();
  /** conversation id -> the references it follows (the reverse of `follows`). */
  private readonly followed = new Map<string, Set<string>>();
  /** Open reports with a point, per category (the Redis store's geo index). */
  private readonly index = new Map<string, Map<string, NearbyEntry>>();
  /** Who said "me too", per reference; and per person, the references (for "delete my data"). */
  private readonly meTooBy = new Map<string, Set<string>>();
  private readonly meTooOf = new Map<string, Set<string>>();

  async put(r: ReportRecord): Promise<void> {
    if (this.records.has(r.reference)) return; // a repeat changes nothing (ReportRecords.put)
    this.write(r);
  }

  /** Writes a record as it is now (a new one, a status, an erased owner). */
  private write(r: ReportRecord): void {
    this.records.set(r.reference, JSON.stringify(r));
    this.indexRecord(r);
  }

  async get(reference: string): Promise<ReportRecord | null> {
    const json = this.records.get(reference);
    return json === undefined ? null : (JSON.parse(json) as ReportRecord);
  }

  async ofOwner(owner: string): Promise<ReportRecord[]> {
    return this.all()
      .filter((r) => r.owner === owner)
      .sort((a, b) => b.submittedAt.localeCompare(a.submittedAt));
  }

  async setStatus(reference: string, status: ReportRecord['status'], notes: string | undefined, at: string): Promise<ReportRecord | null> {
    const r = await this.get(reference);
    if (!r) return null;
    if (r.mergedInto !== undefined) return r;
    const next: ReportRecord = { ...r, status, ...(notes !== undefined ? { notes } : {}), updatedAt: at };
    this.write(next);
    return next;
  }

  async open(): Promise<ReportRecord[]> {
    return this.all().filter((r) => isOpenStatus(r.status));
  }

  async forgetOwner(owner: string, references: readonly string[]): Promise<void> {
    for (const ref of this.meTooOf.get(owner) ?? []) this.meTooBy.get(ref)?.delete(owner);
    this.meTooOf.delete(owner);
    for (const r of this.all()) {
      if (r.owner === owner || references.includes(r.reference)) {
        const { owner: _gone, ...rest } = r;
        this.write(rest);
      }
    }
  }

  async follow(reference: string, conversationId: string): Promise<boolean> {
    if (!this.records.has(reference)) return false;
    let set = this.follows.get(reference);
    if (!set) this.follows.set(reference, (set = new Set()));
    set.add(conversationId);
    let refs = this.followed.get(conversationId);
    if (!refs) this.followed.set(conversationId, (refs = new Set()));
    refs.add(reference);
    return true;
  }

  async unfollow(reference: string, conversationId: string): Promise<boolean> {
    this.followed.get(conversationId)?.delete(reference);
    return this.follows.get(reference)?.delete(conversationId) ?? false;
  }

  async followedBy(conversationId: string): Promise<string[]> {
    return [...(this.followed.get(conversationId) ?? [])];
  }

  async forgetFollower(conversationId: string): Promise<number> {
    let gone = 0;
    for (const reference of this.followed.get(conversationId) ?? []) if (this.follows.get(reference)?.delete(conversationId)) gone += 1;
    this.followed.delete(conversationId);
    return gone;
  }

  async openPage(cursor: string, pageSize: number): Promise<{ records: ReportRecord[]; next: string }> {
    const from = Number(cursor) || 0;
    const open = await this.open();
    const to = from + pageSize;
    return { records: open.slice(from, to), next: to >= open.length ? '0' : String(to) };
  }

  async followers(reference: string): Promise<string[]> {
    return [...(this.follows.get(reference) ?? [])];
  }

  async merge(reference: string, into: string, at: string): Promise<MergeClaim> {
    const from = await this.get(reference);
    const target = await this.get(into);
    if (!from || !target) return { kind: 'unknown' };
    if (from.mergedInto !== undefined && from.mergedInto !== into) return { kind: 'merged_elsewhere', into: from.mergedInto };
    const first = from.mergedInto === undefined;
    const record: ReportRecord = first ? { ...from, status: 'closed', mergedInto: into, mergedAt: at, updatedAt: at } : from;
    if (first) this.write(record);
    const duplicates = target.duplicates ?? [];
    if (!duplicates.includes(reference)) this.write({ ...target, duplicates: [...duplicates, reference] });
    const moved = [...(this.follows.get(reference) ?? [])];
    for (const conversationId of moved) {
      await this.follow(into, conversationId);
      await this.unfollow(reference, conversationId);
    }
    return { kind: first ? 'merged' : 'repeat', record, followers: moved };
  }

  async deleteUpdatedBefore(cutoff: Date): Promise<number> {
    let deleted = 0;
    for (const r of this.all()) {
      if (!(Date.parse(r.updatedAt) < cutoff.getTime())) continue;
      this.records.delete(r.reference);
      for (const conversationId of this.follows.get(r.reference) ?? []) this.followed.get(conversationId)?.delete(r.reference);
      this.follows.delete(r.reference);
      this.index.get(r.categoryId)?.delete(r.reference);
      for (const person of this.meTooBy.get(r.reference) ?? []) this.meTooOf.get(person)?.delete(r.reference);
      this.meTooBy.delete(r.reference);
      deleted += 1;
    }
    return deleted;
  }

  async nearby(q: NearbyQuery): Promise<NearbyReport[]> {
    const entries = this.index.get(q.categoryId);
    if (!entries) return [];
    const { found, stale } = searchEntries(entries.values(), q);
    for (const ref of stale) entries.delete(ref);
    return found;
  }

  async meToo(reference: string, person: string): Promise<MeTooOutcome> {
    const r = await this.get(reference);
    if (!r) return 'unknown';
    if (!isOpenStatus(r.status)) return 'closed';
    let by = this.meTooBy.get(reference);
    if (!by) this.meTooBy.set(reference, (by = new Set()));
    if (by.has(person)) return 'already';
    by.add(person);
    let of = this.meTooOf.get(person);
    if (!of) this.meTooOf.set(person, (of = new Set()));
    of.add(reference);
    this.records.set(reference, JSON.stringify({ ...r, meToo: (r.meToo ?? 0) + 1 }));
    return 'counted';
  }

  async undoMeToo(reference: string, person: string): Promise<void> {
    if (!this.meTooBy.get(reference)?.delete(person)) return;
    this.meTooOf.get(person)?.delete(reference);
    const r = await this.get(reference);
    if (r) this.records.set(reference, JSON.stringify({ ...r, meToo: Math.max(0, (r.meToo ?? 1) - 1) }));
  }

  private indexRecord(r: ReportRecord): void {
    const entry = nearbyEntryOf(r);
    let entries = this.index.get(r.categoryId);
    if (!entry) {
      entries?.delete(r.reference);
      return;
    }
    if (!entries) this.index.set(r.categoryId, (entries = new Map()));
    entries.set(r.reference, entry);
  }

  private all(): ReportRecord[] {
    return [...this.records.values()].map((json) => JSON.parse(json) as ReportRecord);
  }
}
