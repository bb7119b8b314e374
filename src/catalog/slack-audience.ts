/**
 * Who a staff consultation is for in Slack (`audience: { staff: { slack_users, slack_channels } }`)
 * and the facts about a person that decide it. The Slack adapter records them in the session's
 * channel data when each turn starts (the person's user id; which of the listed channels they
 * are a member of, asked of Slack's `conversations.members`): the engine stays pure and only
 * reads them.
 */
import type { Consultation, ConsultationAudience } from './consultation-types';

/** channelData key: the person's Slack user id (`U…`). */
export const SLACK_USER_KEY = 'slack_user';
/** channelData key: the listed channels (comma-separated ids) the person is a member of. */
export const SLACK_CHANNELS_KEY = 'slack_channels';

/** The channels staff consultations that have not closed list, once each: the memberships worth asking Slack about. */
export function listedSlackChannels(consultations: readonly Consultation[], now: Date): string[] {
  const listed = new Set<string>();
  for (const c of consultations) {
    if (c.audience.kind !== 'staff' || Date.parse(c.closesAt) <= now.getTime()) continue;
    for (const channel of c.audience.slackChannels ?? []) listed.add(channel);
  }
  return [...listed];
}

/**
 * Whether a Slack person (their channel data) is in a staff audience: anyone when it lists no
 * one, else a listed user or a member of a listed channel. A public audience is everyone's.
 */
export function inSlackAudience(audience: ConsultationAudience, channelData: Readonly<Record<string, string>>): boolean {
  if (audience.kind === 'public') return true;
  const users = audience.slackUsers ?? [];
  const channels = audience.slackChannels ?? [];
  if (users.length === 0 && channels.length === 0) return true;
  const user = channelData[SLACK_USER_KEY];
  if (user !== undefined && users.includes(user)) return true;
  const memberOf = (channelData[SLACK_CHANNELS_KEY] ?? '').split(',');
  return channels.some((c) => memberOf.includes(c));
}
