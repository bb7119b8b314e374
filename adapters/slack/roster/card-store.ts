/**
 * Where each shift's roster card is, per Slack sink (like a triage card's `slack: { channel, ts }`
 * on its case record, src/cases): the channel id and ts to update in place, and which one-time
 * notices (half full, full) its thread has had. Beside it, while a post of the card is under way
 * (or its outcome unknown: a timeout), when that post started: a retry then searches the
 * channel's history from there before posting again (delivery.ts). Redis (one JSON string per
 * card, `wegov:slack-roster:{<sinkKey>|<shiftId>}`, and `…:posting`, in the same slot) when the
 * process has it, else memory.
 */
import type { Catalog } from '../../../src/catalog/types';
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
  /** When a post of the card whose outcome is not known yet started (ISO instant), or null. */
  posting(sinkKey: string, shiftId: string): Promise<string | null>;
  /** Records that a post starts (`since`), or that its outcome is known (null). */
  setPosting(sinkKey: string, shiftId: string, since: string | null): Promise<void>;
}

export class MemoryRosterCardStore implements RosterCardStore {
  readonly #cards = new Map<string, RosterCardRecord>();
  readonly #posting = new Map<string, string>();

  async get(sinkKey: string, shiftId: string): Promise<RosterCardRecord | null> {
    const c = this.#cards.get(`${sinkKey}|${shiftId}`);
    return c ? { ...c } : null;
  }

  async put(sinkKey: string, shiftId: string, card: RosterCardRecord): Promise<void> {
    this.#cards.set(`${sinkKey}|${shiftId}`, { ...card });
  }

  async posting(sinkKey: string, shiftId: string): Promise<string | null> {
    return this.#posting.get(`${sinkKey}|${shiftId}`) ?? null;
  }

  async setPosting(sinkKey: string, shiftId: string, since: string | null): Promise<void> {
    if (since === null) this.#posting.delete(`${sinkKey}|${shiftId}`);
    else this.#posting.set(`${sinkKey}|${shiftId}`, since);
  }
}

const cardKey = (sinkKey: string, shiftId: string): string => `wegov:slack-roster:{${keyPart(sinkKey)}|${keyPart(shiftId)}}`;

/** An unknown outcome is searched for within this long; an older marker is forgotten. */
const POSTING_TTL_SECONDS = 7 * 86_400;

export class RedisRosterCardStore implements RosterCardStore {
  constructor(private readonly calls: RedisCalls) {}

  async get(sinkKey: string, shiftId: string): Promise<RosterCardRecord | null> {
    const json = await this.calls.call('slack.roster.get', (c) => c.get(cardKey(sinkKey, shiftId)));
    return json === null ? null : (JSON.parse(json) as RosterCardRecord);
  }

  async put(sinkKey: string, shiftId: string, card: RosterCardRecord): Promise<void> {
    await this.calls.call('slack.roster.put', (c) => c.set(cardKey(sinkKey, shiftId), JSON.stringify(card)));
  }

  async posting(sinkKey: string, shiftId: string): Promise<string | null> {
    return this.calls.call('slack.roster.posting', (c) => c.get(`${cardKey(sinkKey, shiftId)}:posting`));
  }

  async setPosting(sinkKey: string, shiftId: string, since: string | null): Promise<void> {
    const key = `${cardKey(sinkKey, shiftId)}:posting`;
    if (since === null) await this.calls.call('slack.roster.posted', (c) => c.del(key));
    else await this.calls.call('slack.roster.posting', (c) => c.set(key, since, 'EX', POSTING_TTL_SECONDS));
  }
}

/**
 * The key of the agency's Slack sink whose roster card of the shift is in `channel` (the channel
 * id Slack answered with when it was posted), if any: sink keys are the outbox's
 * (`<agency>.<sink id or index>`, src/outbox/routing.ts).
 */
export async function rosterCardIn(catalog: Pick<Catalog, 'agencies'>, cards: RosterCardStore, agencyId: string, shiftId: string, channel: string): Promise<string | undefined> {
  const agency = catalog.agencies.find((a) => a.id === agencyId);
  for (const [index, sink] of (agency?.sinks ?? []).entries()) {
    if (sink.type !== 'slack') continue;
    const key = `${agencyId}.${sink.id ?? index}`;
    if ((await cards.get(key, shiftId))?.channel === channel) return key;
  }
  return undefined;
}
