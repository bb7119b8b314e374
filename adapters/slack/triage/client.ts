/**
 * The Web API module is required when the first client is made, not when this file loads: a
 * deployment without Slack never loads it (about 10 MB of modules).
 */
import type { WebClient } from '@slack/web-api';

export interface TriageClientOptions {
  /** The bot token (xoxb-…); never logged. */
  token: string;
  /** Another Web API base URL (tests, proxies); default https://slack.com/api/. */
  slackApiUrl?: string;
  /** Retries inside the client; default 0 (the delivery queue retries with its own backoff). */
  retries?: number;
  timeoutMs?: number;
}

/**
 * The bot's Web API client for triage: rate-limited calls fail at once (a retryable delivery
 * error) instead of sleeping inside a worker, and the client's own logging stays quiet.
 */
export function triageClient(opts: TriageClientOptions): WebClient {
  const { LogLevel, WebClient } = require('@slack/web-api') as typeof import('@slack/web-api');
  return new WebClient(opts.token, {
    ...(opts.slackApiUrl ? { slackApiUrl: opts.slackApiUrl } : {}),
    retryConfig: { retries: opts.retries ?? 0 },
    rejectRateLimitedCalls: true,
    timeout: opts.timeoutMs ?? 10_000,
    logLevel: LogLevel.ERROR,
  });
}
