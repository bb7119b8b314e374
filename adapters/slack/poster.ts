/**
 * Slack Web API calls the adapter makes (chat.postMessage, chat.update, chat.postEphemeral),
 * with the bot token. Failures are logged (method and Slack's error code, never the token or
 * the text) and reported as false, so one failed post never crashes an event's handling.
 */
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../src/log';
import type { SlackMessage } from './render';

export class SlackPoster {
  constructor(
    private readonly client: WebClient,
    private readonly log: Logger,
  ) {}

  /** Posts messages in order; stops at the first failure. `channel`: a DM id (D...) or a user id. */
  async post(channel: string, messages: readonly SlackMessage[]): Promise<boolean> {
    for (const m of messages) {
      const ok = await this.call('chat.postMessage', () => this.client.chat.postMessage({ channel, text: m.text, blocks: m.blocks, unfurl_links: false, unfurl_media: false }));
      if (!ok) return false;
    }
    return true;
  }

  async update(channel: string, ts: string, m: SlackMessage): Promise<boolean> {
    return this.call('chat.update', () => this.client.chat.update({ channel, ts, text: m.text, blocks: m.blocks }));
  }

  async ephemeral(channel: string, user: string, text: string): Promise<boolean> {
    return this.call('chat.postEphemeral', () => this.client.chat.postEphemeral({ channel, user, text }));
  }

  private async call(method: string, run: () => Promise<unknown>): Promise<boolean> {
    try {
      await run();
      return true;
    } catch (error) {
      this.log.warn({ method, err: slackErrorSummary(error) }, 'slack api call failed');
      return false;
    }
  }
}

/** The Slack error code (e.g. `channel_not_found`) or the error's name: nothing personal, no token. */
export function slackErrorSummary(error: unknown): string {
  if (error && typeof error === 'object') {
    const data = (error as { data?: { error?: unknown } }).data;
    if (typeof data?.error === 'string') return data.error;
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return error instanceof Error ? error.name : 'error';
}
