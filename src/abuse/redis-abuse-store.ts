/**
 * The abuse store on Redis, shared by every process: the check before a turn is one script
 * call (one round trip) over one identity's keys; block and unblock are one script call on the
 * identity plus one HSET/HDEL on the staff list (another slot, written second: a crash between
 * the two leaves the list one entry off, never the block itself). Failures surface as
 * StoreUnavailableError (the turn answers "busy" / 503), like every Redis store here.
 */
import type { RedisClient } from '../state/redis-connection';
import { RedisCalls, RoundTripCounter } from '../state/redis-calls';
import { parseEntry } from './entry-schema';
import { ADMIT_LUA, BLOCK_LUA, UNBLOCK_LUA } from './redis-abuse-scripts';
import { BLOCK_INDEX_KEY, blockKey } from './redis-keys';
import { BLOCK_NOTICE_INTERVAL_MS, type AbuseStore, type Admission, type BlockEntry, type BlockResult } from './types';

interface AbuseScripts {
  wegovAbuseAdmit(...keysAndArgs: (string | number)[]): Promise<unknown[]>;
  wegovAbuseBlock(...keysAndArgs: (string | number)[]): Promise<string | null>;
  wegovAbuseUnblock(...keysAndArgs: (string | number)[]): Promise<[string | null, string] | null>;
}

function withAbuseScripts(client: RedisClient): RedisClient & AbuseScripts {
  const scripted = client as RedisClient & Partial<AbuseScripts>;
  if (typeof scripted.wegovAbuseAdmit !== 'function') client.defineCommand('wegovAbuseAdmit', { numberOfKeys: 1, lua: ADMIT_LUA });
  if (typeof scripted.wegovAbuseBlock !== 'function') client.defineCommand('wegovAbuseBlock', { numberOfKeys: 1, lua: BLOCK_LUA });
  if (typeof scripted.wegovAbuseUnblock !== 'function') client.defineCommand('wegovAbuseUnblock', { numberOfKeys: 1, lua: UNBLOCK_LUA });
  return client as RedisClient & AbuseScripts;
}

export interface RedisAbuseStoreOptions {
  client: RedisClient;
  /** Shared round-trip tally (benchmarks, tests). */
  counter?: RoundTripCounter;
  /** How long a call waits for a connection under way. Default 2000 ms. */
  readyTimeoutMs?: number;
  /** Close the client on close(): true when this store owns it. */
  ownsClient?: boolean;
}

export class RedisAbuseStore implements AbuseStore {
  private readonly calls: RedisCalls;
  private readonly scripts: RedisClient & AbuseScripts;

  constructor(private readonly opts: RedisAbuseStoreOptions) {
    this.scripts = withAbuseScripts(opts.client);
    this.calls = new RedisCalls(opts.client, opts.counter ?? new RoundTripCounter(), opts.readyTimeoutMs ?? 2000);
  }

  /** Round trips made so far. */
  get roundTrips(): number {
    return this.calls.counter.count;
  }

  async admit(identity: string, opts: { nowMs: number }): Promise<Admission> {
    const reply = await this.calls.call('abuse.admit', () => this.scripts.wegovAbuseAdmit(blockKey(identity), opts.nowMs, BLOCK_NOTICE_INTERVAL_MS));
    const [kind, notify, entry, expiresAt] = reply as [string, number | undefined, string | null | undefined, string | undefined];
    if (kind === 'blocked') return { kind: 'blocked', notify: notify === 1, entry: parseEntry(entry, identity, Number(expiresAt)) };
    return { kind: 'allowed' };
  }

  async block(entry: BlockEntry, nowMs: number): Promise<BlockResult> {
    const json = JSON.stringify(entry);
    const expiresAtMs = Date.parse(entry.expiresAt);
    const existing = await this.calls.call('abuse.block', () => this.scripts.wegovAbuseBlock(blockKey(entry.identity), nowMs, expiresAtMs, json));
    if (existing !== null) return { kind: 'already_blocked', entry: parseEntry(existing, entry.identity, expiresAtMs) };
    await this.calls.call('abuse.index', (c) => c.hset(BLOCK_INDEX_KEY, entry.identity, json));
    return { kind: 'blocked' };
  }

  async unblock(identity: string, nowMs: number): Promise<BlockEntry | null> {
    const live = await this.calls.call('abuse.unblock', () => this.scripts.wegovAbuseUnblock(blockKey(identity), nowMs));
    await this.calls.call('abuse.unindex', (c) => c.hdel(BLOCK_INDEX_KEY, identity));
    return live ? parseEntry(live[0], identity, Number(live[1])) : null;
  }

  async blocked(nowMs: number): Promise<BlockEntry[]> {
    const all = await this.calls.call('abuse.list', (c) => c.hgetall(BLOCK_INDEX_KEY));
    const entries = Object.entries(all).map(([identity, json]) => parseEntry(json, identity, 0));
    const lapsed = entries.filter((e) => !(Date.parse(e.expiresAt) > nowMs)).map((e) => e.identity);
    // Lapsed blocks leave the list as it is read (their block keys expired on their own).
    if (lapsed.length > 0) await this.calls.call('abuse.prune', (c) => c.hdel(BLOCK_INDEX_KEY, ...lapsed));
    return entries.filter((e) => Date.parse(e.expiresAt) > nowMs).sort((a, b) => a.blockedAt.localeCompare(b.blockedAt));
  }

  async close(): Promise<void> {
    if (this.opts.ownsClient) await this.opts.client.quit().catch(() => this.opts.client.disconnect());
  }
}
