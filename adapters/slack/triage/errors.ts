/**
 * Slack Web API failures as delivery outcomes: `permanent` ones (the channel is gone, the bot is
 * not in it, the token is bad) go to the dead letters at once with Slack's reason; the rest
 * (rate limits, 5xx, network) are retried by the queue with its backoff. The Web API module is
 * required when an error is classified (a Slack call failed, so it is loaded): a deployment
 * without Slack never loads it.
 */

/** Slack `error` codes that sending again cannot fix. */
const PERMANENT = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'missing_scope',
  'no_permission',
  'restricted_action',
  'invalid_blocks',
  'invalid_metadata_format',
  'msg_too_long',
  'team_access_not_granted',
]);

export class SlackTriageError extends Error {
  /** Read by the delivery queue (outbox/queue.ts isPermanent, deliveryFailureReason). */
  readonly permanent: boolean;
  readonly reason: string;
  readonly code: string;

  constructor(code: string, permanent: boolean, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SlackTriageError';
    this.code = code;
    this.permanent = permanent;
    this.reason = `slack: ${code}`;
  }
}

/** A Web API error as a SlackTriageError (Slack's error code, never the request body). */
export function classifySlackError(error: unknown, method: string): SlackTriageError {
  if (error instanceof SlackTriageError) return error;
  const { ErrorCode } = require('@slack/web-api') as typeof import('@slack/web-api');
  const e = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; data?: { error?: unknown }; statusCode?: unknown; message?: unknown };
  switch (e.code) {
    case ErrorCode.PlatformError: {
      const code = typeof e.data?.error === 'string' ? e.data.error : 'unknown_error';
      return new SlackTriageError(code, PERMANENT.has(code), `${method} failed: ${code}`, { cause: error });
    }
    case ErrorCode.RateLimitedError:
      return new SlackTriageError('ratelimited', false, `${method} was rate limited`, { cause: error });
    case ErrorCode.HTTPError:
      return new SlackTriageError(`http_${String(e.statusCode)}`, false, `${method} answered HTTP ${String(e.statusCode)}`, { cause: error });
    case ErrorCode.RequestError:
      return new SlackTriageError('network', false, `${method} could not reach Slack`, { cause: error });
    default:
      return new SlackTriageError('unknown', false, `${method} failed`, { cause: error });
  }
}
