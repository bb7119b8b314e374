/**
 * The fast path: identities this process refused lately, until when. Adapters ask it before
 * doing any work for a message (reading the transcript for a button, storing a photo, looking
 * up a Slack locale) and drop the message silently: the person was already told once.
 *
 * No I/O and bounded (the oldest entries go first past `max`). It only repeats what the store
 * said: a rate limit until its window ends (exact: counts never go down within a window), a
 * block for at most `blockedMs` (so a block lifted from another process is seen within that
 * time; the process that lifts it forgets at once).
 */
export class RecentRefusals {
  private readonly until = new Map<string, { untilMs: number; why: 'rate_limited' | 'blocked' }>();
  /** Identities the store cleared lately for a check that counts nothing (a web chat turn). */
  private readonly cleared = new Map<string, number>();

  constructor(
    private readonly max = 10_000,
    /** How long a block is trusted without asking the store. */
    readonly blockedMs = 60_000,
    /**
     * How long "not blocked" is trusted without asking the store, for checks that count nothing:
     * a block set in another process reaches a conversation under way within this time, and
     * a conversation's turns mostly skip the store's round trip.
     */
    readonly clearedMs = 10_000,
  ) {}

  /** True when the store said `identity` was not blocked less than `clearedMs` ago. */
  clearedRecently(identity: string, nowMs: number): boolean {
    const until = this.cleared.get(identity);
    if (until === undefined) return false;
    if (until > nowMs) return true;
    this.cleared.delete(identity);
    return false;
  }

  rememberCleared(identity: string, nowMs: number): void {
    this.cleared.delete(identity);
    this.cleared.set(identity, nowMs + this.clearedMs);
    if (this.cleared.size > this.max) this.cleared.delete(this.cleared.keys().next().value ?? '');
  }

  /** Why `identity` was refused, when that still holds at `nowMs`; else null. */
  refused(identity: string, nowMs: number): 'rate_limited' | 'blocked' | null {
    const hit = this.until.get(identity);
    if (hit === undefined) return null;
    if (hit.untilMs > nowMs) return hit.why;
    this.until.delete(identity);
    return null;
  }

  remember(identity: string, untilMs: number, why: 'rate_limited' | 'blocked'): void {
    this.cleared.delete(identity);
    this.until.delete(identity);
    this.until.set(identity, { untilMs, why });
    if (this.until.size > this.max) this.until.delete(this.until.keys().next().value ?? '');
  }

  forget(identity: string): void {
    this.cleared.delete(identity);
    this.until.delete(identity);
  }
}
