import type { WebClient } from '@slack/web-api';

/**
 * Who may act on a channel's cases: its members (`conversations.members`, cached briefly per
 * channel so a burst of clicks costs one call) or anyone on the allow-list.
 */
export class ChannelMembers {
  private readonly cache = new Map<string, { members: Set<string>; until: number }>();

  constructor(
    private readonly client: WebClient,
    private readonly ttlMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async isMember(channel: string, user: string): Promise<boolean> {
    const hit = this.cache.get(channel);
    if (hit && hit.until > this.now()) return hit.members.has(user);
    const members = new Set<string>();
    let cursor: string | undefined;
    for (let page = 0; page < 50; page += 1) {
      const res = await this.client.conversations.members({ channel, limit: 1000, ...(cursor ? { cursor } : {}) });
      for (const m of res.members ?? []) members.add(m);
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
    }
    this.cache.set(channel, { members, until: this.now() + this.ttlMs });
    return members.has(user);
  }
}
