/**
 * The abuse store in memory (no REDIS_URL): one process, lost on restart. Same behaviour as the
 * Redis store (test/abuse/contract.ts runs against both): a block entry with its expiry and last
 * notice time. Memory stays bounded by the live blocks: the sweep (at most once a minute, on use)
 * drops lapsed ones.
 */
import { BLOCK_NOTICE_INTERVAL_MS, MINUTE_MS, type AbuseStore, type Admission, type BlockEntry, type BlockResult } from './types';

interface Block {
  entry: BlockEntry;
  expiresAtMs: number;
  lastNoticeMs: number | undefined;
}

export class MemoryAbuseStore implements AbuseStore {
  private readonly blocks = new Map<string, Block>();
  private lastSweepMs = 0;

  async admit(identity: string, opts: { nowMs: number }): Promise<Admission> {
    const now = opts.nowMs;
    this.sweepNow(now);
    const block = this.liveBlock(identity, now);
    if (block) {
      const notify = block.lastNoticeMs === undefined || now - block.lastNoticeMs >= BLOCK_NOTICE_INTERVAL_MS;
      if (notify) block.lastNoticeMs = now;
      return { kind: 'blocked', notify, entry: { ...block.entry } };
    }
    return { kind: 'allowed' };
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
    this.blocks.clear();
  }

  /** Entries held (lapsed ones not yet swept included): for tests. */
  get size(): number {
    return this.blocks.size;
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
    for (const id of [...this.blocks.keys()]) this.liveBlock(id, nowMs);
  }
}
