/**
 * Slack conversation ids: one WeGov conversation per person and workspace, `slack:<team>:<user>`.
 * A direct message to a user id opens (or reuses) the app's DM with them, so a proactive
 * update only needs the user id.
 */

/** The channel name Slack turns carry (and the key of its proactive delivery). */
export const SLACK_CHANNEL = 'slack';

export const conversationIdOf = (teamId: string, userId: string): string => `slack:${teamId}:${userId}`;

/** The team and user of a `slack:<team>:<user>` conversation, else null. */
export function slackUserOf(conversationId: string): { teamId: string; userId: string } | null {
  const m = /^slack:([A-Z0-9]{1,32}):([A-Z0-9]{1,32})$/.exec(conversationId);
  return m?.[1] !== undefined && m[2] !== undefined ? { teamId: m[1], userId: m[2] } : null;
}
