/**
 * What decides a staff consultation's Slack audience, looked up when a DM turn starts: the
 * person's user id and which of the channels listed by staff consultations they are a member
 * of (src/catalog/slack-audience.ts). Membership comes from `conversations.members` (paginated,
 * 1,000 a page), cached per channel for a minute in an LRU cache (lru-cache: bounded, with a
 * TTL, already used by the web chat), so a burst of turns costs one call per listed channel.
 * A channel Slack will not list (the app is not in a private one, a typo) counts as no member:
 * the consultation stays closed to them rather than open to everyone, and the failure is logged.
 */
import { LRUCache } from 'lru-cache';
import type { WebClient } from '@slack/web-api';
import { listedSlackChannels, SLACK_CHANNELS_KEY, SLACK_USER_KEY } from '../../src/catalog/slack-audience';
import type { Env } from '../../src/engine/env';
import type { Logger } from '../../src/log';
import { slackErrorSummary } from './poster';

/** Pages of a channel's members read at most (50,000 people). */
const MAX_PAGES = 50;

export class StaffAudience {
  private readonly members: LRUCache<string, Set<string>>;

  constructor(
    private readonly client: WebClient,
    /** The engine's environment: the catalogue's consultations and the clock it decides with. */
    private readonly env: Pick<Env, 'catalog' | 'now'>,
    private readonly log: Logger,
    ttlMs = 60_000,
  ) {
    this.members = new LRUCache({ max: 500, ttl: ttlMs });
  }

  /** The channel data facts for `userId`: their id, and the listed channels they are in (comma-separated). */
  async factsOf(userId: string): Promise<Record<string, string>> {
    const listed = listedSlackChannels(this.env.catalog.consultations, this.env.now());
    const memberOf: string[] = [];
    for (const channel of listed) {
      if ((await this.membersOf(channel)).has(userId)) memberOf.push(channel);
    }
    return { [SLACK_USER_KEY]: userId, [SLACK_CHANNELS_KEY]: memberOf.join(',') };
  }

  private async membersOf(channel: string): Promise<Set<string>> {
    const hit = this.members.get(channel);
    if (hit) return hit;
    const members = new Set<string>();
    try {
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES; page += 1) {
        const res = await this.client.conversations.members({ channel, limit: 1000, ...(cursor ? { cursor } : {}) });
        for (const m of res.members ?? []) members.add(m);
        cursor = res.response_metadata?.next_cursor || undefined;
        if (!cursor) break;
      }
    } catch (error) {
      // Not cached: the next turn asks again.
      this.log.warn({ channel, err: slackErrorSummary(error) }, 'slack channel members could not be read; its members are not in the consultation audience');
      return new Set();
    }
    this.members.set(channel, members);
    return members;
  }
}
