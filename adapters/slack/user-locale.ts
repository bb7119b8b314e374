/**
 * A Slack user's language (`users.info` with `include_locale`, scope `users:read`), as the
 * channel's hint for the person's first conversation: Telegram's `language_code` is the same
 * idea. Remembered for an hour per user (bounded), so a conversation costs one call an hour;
 * any failure (a missing scope, rate limit) means "no hint" and the jurisdiction's default.
 */
import type { WebClient } from '@slack/web-api';

const TTL_MS = 60 * 60_000;
const MAX_USERS = 10_000;

export class SlackUserLocales {
  private readonly cache = new Map<string, { locale: string | undefined; until: number }>();

  constructor(
    private readonly client: Pick<WebClient, 'users'>,
    private readonly now: () => number = Date.now,
  ) {}

  async of(userId: string): Promise<string | undefined> {
    const hit = this.cache.get(userId);
    if (hit && hit.until > this.now()) return hit.locale;
    let locale: string | undefined;
    try {
      const res = await this.client.users.info({ user: userId, include_locale: true });
      locale = typeof res.user?.locale === 'string' && res.user.locale !== '' ? res.user.locale : undefined;
    } catch {
      locale = undefined;
    }
    if (this.cache.size >= MAX_USERS) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(userId, { locale, until: this.now() + TTL_MS });
    return locale;
  }
}
