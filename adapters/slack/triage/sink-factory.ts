/**
 * The catalogue's `slack` sinks, registered by the composition root (src/compose/outbox-root.ts)
 * when Slack is configured: the outbox builds sinks by catalogue type and imports no channel
 * (issue 10). Each `slack` entry is a triage channel: reports become cards there
 * (SlackTriageSink), "me too"s become notes in their thread with a count on the card (with
 * `reports`, the report records), and the channel hears of the agency's dead letters (slackAlertTarget).
 */
import type { WebClient } from '@slack/web-api';
import type { SinkConfigOf, SinkFactory } from '../../../src/outbox/sink-factories';
import { slackAlertTarget } from './alert';
import { SlackTriageSink, type SlackTriageSinkOptions } from './sink';

/**
 * Builds `slack` catalogue sinks that post with `client` (triage/client.ts triageClient); with
 * `roster`, they also keep the agency's shift roster cards (adapters/slack/roster).
 */
export function slackSinkFactory(client: WebClient, roster?: SlackTriageSinkOptions['roster'], reports?: SlackTriageSinkOptions['reports']): SinkFactory<SinkConfigOf<'slack'>> {
  return {
    build: (config, ctx) =>
      new SlackTriageSink({
        client,
        channel: config.channel,
        ...(roster ? { roster } : {}),
        ...(reports ? { reports } : {}),
        ...(ctx.mediaLink ? { mediaLink: ctx.mediaLink } : {}),
        ...(ctx.cases ? { cases: ctx.cases } : {}),
        ...(ctx.mediaUrl ? { mediaUrl: ctx.mediaUrl } : {}),
        ...(ctx.timezone ? { timezone: ctx.timezone } : {}),
      }),
    alert: (config) => slackAlertTarget(client, config.channel),
  };
}
