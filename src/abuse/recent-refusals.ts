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

  constructor(
    private readonly max = 10_000,
    /** How long a block is trusted without asking the store. */
    readonly blockedMs = 60_000,
  ) {}

  /** Why `identity` was refused, when that still holds at `nowMs`; else null. */
  refused(identity: string, nowMs: number): 'rate_limited' | 'blocked' | null {
    const hit = this.until.get(identity);
    if (hit === undefined) return null;
    if (hit.untilMs > nowMs) return hit.why;
    this.until.delete(identity);
    return null;
  }

  remember(identity: string, untilMs: number, why: 'rate_limited' | 'blocked'): void {
    this.until.delete(identity);
    this.until.set(identity, { untilMs, why });
    if (this.until.size > this.max) this.until.delete(this.until.keys().next().value ?? '');
  }

  forget(identity: string): void {
    this.until.delete(identity);
  }
}
