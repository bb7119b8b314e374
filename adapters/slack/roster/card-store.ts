/**
 * Where each shift's roster card is, per Slack sink (like a triage card's `slack: { channel, ts }`
 * on its case record, src/cases): the channel id and ts to update in place, and which one-time
 * notices (half full, full) its thread has had. Redis (one JSON string per card,
 * `wegov:slack-roster:{<sinkKey>|<shiftId>}`) when the process has it, else memory.
 */
import type { RedisCalls } from '../../../src/state/redis-calls';
import { keyPart } from '../../../src/state/redis-keys';

export interface RosterCardRecord {
  channel: string;
  ts: string;
  halfNoticed: boolean;
  fullNoticed: boolean;
}

export interface RosterCardStore {
  get(sinkKey: string, shiftId: string): Promise<RosterCardRecord | null>;
  put(sinkKey: string, shiftId: string, card: RosterCardRecord): Promise<void>;
}

export class MemoryRosterCardStore implements RosterCardStore {
  readonly #cards = new Map<string, RosterCardRecord>();

  async get(sinkKey: string, shiftId: string): Promise<RosterCardRecord | null> {
    const c = this.#cards.get(`${sinkKey}|${shiftId}`);
    return c ? { ...c } : null;
  }

  async put(sinkKey: string, shiftId: string, card: RosterCardRecord): Promise<void> {
    this.#cards.set(`${sinkKey}|${shiftId}`, { ...card });
  }
}

const cardKey = (sinkKey: string, shiftId: string): string => `wegov:slack-roster:{${keyPart(sinkKey)}|${keyPart(shiftId)}}`;

export class RedisRosterCardStore implements RosterCardStore {
  constructor(private readonly calls: RedisCalls) {}

  async get(sinkKey: string, shiftId: string): Promise<RosterCardRecord | null> {
    const json = await this.calls.call('slack.roster.get', (c) => c.get(cardKey(sinkKey, shiftId)));
    return json === null ? null : (JSON.parse(json) as RosterCardRecord);
  }

  async put(sinkKey: string, shiftId: string, card: RosterCardRecord): Promise<void> {
    await this.calls.call('slack.roster.put', (c) => c.set(cardKey(sinkKey, shiftId), JSON.stringify(card)));
  }
}
