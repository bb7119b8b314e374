/**
 * The catalogue's `slack` sinks, registered by the composition root (src/compose/outbox-root.ts)
 * when Slack is configured: the outbox builds sinks by catalogue type and imports no channel
 * (issue 10). Each `slack` entry is a triage channel: reports become cards there
 * (SlackTriageSink), and the channel hears of the agency's dead letters (slackAlertTarget).
 */
import type { WebClient } from '@slack/web-api';
import type { SinkConfigOf, SinkFactory } from '../../../src/outbox/sink-factories';
import { slackAlertTarget } from './alert';
import { SlackTriageSink } from './sink';

/** Builds `slack` catalogue sinks that post with `client` (triage/client.ts triageClient). */
export function slackSinkFactory(client: WebClient): SinkFactory<SinkConfigOf<'slack'>> {
  return {
    build: (config, ctx) =>
      new SlackTriageSink({
        client,
        channel: config.channel,
        ...(ctx.cases ? { cases: ctx.cases } : {}),
        ...(ctx.mediaUrl ? { mediaUrl: ctx.mediaUrl } : {}),
        ...(ctx.timezone ? { timezone: ctx.timezone } : {}),
      }),
    alert: (config) => slackAlertTarget(client, config.channel),
  };
}
