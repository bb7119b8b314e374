/**
 * The abuse store in memory (no REDIS_URL): one process, lost on restart. Same behaviour as the
 * Redis store (test/abuse/contract.ts runs against both): fixed minute and burst windows
 * numbered from the epoch, a block entry with its expiry and last notice time.
 *
 * Memory stays bounded by the people who wrote in the last minute: a counter belongs to its
 * window and the sweep (at most once a minute, on use) drops counters of past windows and
 * lapsed blocks.
 */
import { windowEnd, windowOf } from './window';
import { BLOCK_NOTICE_INTERVAL_MS, MINUTE_MS, type AbuseStore, type Admission, type BlockEntry, type BlockResult, type LimitPolicy } from './types';

interface Counters {
  minute: number;
  inMinute: number;
  noticed: boolean;
  burst: number;
  inBurst: number;
}

interface Block {
  entry: BlockEntry;
  expiresAtMs: number;
  lastNoticeMs: number | undefined;
}

export class MemoryAbuseStore implements AbuseStore {
  private readonly counters = new Map<string, Counters>();
  private readonly blocks = new Map<string, Block>();
  private lastSweepMs = 0;

  constructor(private readonly policy: LimitPolicy) {}

  async admit(identity: string, opts: { nowMs: number; count: boolean }): Promise<Admission> {
    const now = opts.nowMs;
    this.sweepNow(now);
    const block = this.liveBlock(identity, now);
    if (block) {
      const notify = block.lastNoticeMs === undefined || now - block.lastNoticeMs >= BLOCK_NOTICE_INTERVAL_MS;
      if (notify) block.lastNoticeMs = now;
      return { kind: 'blocked', notify, entry: { ...block.entry } };
    }
    if (!opts.count) return { kind: 'allowed' };

    const minute = windowOf(now, MINUTE_MS);
    const burst = windowOf(now, this.policy.burstWindowMs);
    let c = this.counters.get(identity);
    if (!c || c.minute !== minute) c = { minute, inMinute: 0, noticed: false, burst, inBurst: 0 };
    if (c.burst !== burst) c = { ...c, burst, inBurst: 0 };
    this.counters.set(identity, c);
    // A refused message is not counted: the allowance left is what was sent and taken.
    const overMinute = c.inMinute + 1 > this.policy.perMinute;
    if (!overMinute && c.inBurst + 1 <= this.policy.burst) {
      c.inMinute += 1;
      c.inBurst += 1;
      return { kind: 'allowed' };
    }
    const notify = !c.noticed;
    c.noticed = true;
    const untilMs = overMinute ? windowEnd(minute, MINUTE_MS) : windowEnd(burst, this.policy.burstWindowMs);
    return { kind: 'rate_limited', notify, untilMs };
  }

  async block(entry: BlockEntry, nowMs: number): Promise<BlockResult> {
    const live = this.liveBlock(entry.identity, nowMs);
    if (live) return { kind: 'already_blocked', entry: { ...live.entry } };
    this.blocks.set(entry.identity, { entry: { ...entry }, expiresAtMs: Date.parse(entry.expiresAt), lastNoticeMs: undefined });
    return { kind: 'blocked' };
  }

  async unblock(identity: string, nowMs: number): Promise<BlockEntry | null> {
    const live = this.liveBlock(identity, nowMs);
    this.blocks.delete(identity);
    return live ? { ...live.entry } : null;
  }

  async blocked(nowMs: number): Promise<BlockEntry[]> {
    return [...this.blocks.keys()]
      .map((id) => this.liveBlock(id, nowMs))
      .filter((b): b is Block => b !== undefined)
      .map((b) => ({ ...b.entry }))
      .sort((a, b) => a.blockedAt.localeCompare(b.blockedAt));
  }

  async close(): Promise<void> {
    this.counters.clear();
    this.blocks.clear();
  }

  /** Entries held (lapsed ones not yet swept included): for tests. */
  get size(): number {
    return this.counters.size + this.blocks.size;
  }

  private liveBlock(identity: string, nowMs: number): Block | undefined {
    const b = this.blocks.get(identity);
    if (b && !(b.expiresAtMs > nowMs)) {
      this.blocks.delete(identity);
      return undefined;
    }
    return b;
  }

  private sweepNow(nowMs: number): void {
    if (nowMs - this.lastSweepMs < MINUTE_MS) return;
    this.lastSweepMs = nowMs;
    const minute = windowOf(nowMs, MINUTE_MS);
    for (const [id, c] of this.counters) if (c.minute !== minute) this.counters.delete(id);
    for (const id of [...this.blocks.keys()]) this.liveBlock(id, nowMs);
  }
}
