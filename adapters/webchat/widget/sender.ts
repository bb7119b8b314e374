import { isRetryable, newClientMessageId, type ApiResult, type ChatApi } from './api';
import type { Answer, Credentials, Message } from './types';

/** Waits before the 2nd, 3rd and 4th attempt of a send (or the server's Retry-After, capped). */
const RETRY_DELAYS_MS = [1000, 2000, 4000];
const MAX_RETRY_AFTER_MS = 10_000;

/** One answer on its way, with the id that makes every retry of it the same request. */
export interface Outgoing {
  answer: Answer;
  /** What the person sees in their bubble until the server's echo arrives. */
  echo: string;
  clientMessageId: string;
}

/** A new outgoing answer with a fresh client message id. */
export function outgoing(answer: Answer, echo: string): Outgoing {
  return { answer, echo, clientMessageId: newClientMessageId() };
}

/**
 * Posts `out`, retrying failures that may pass (network, 429, 5xx) a few times with the SAME
 * clientMessageId: the server applies a message id once and answers repeats with the first
 * reply, so a retry after a lost response never submits twice. `onRetry` reports each wait.
 */
export async function postWithRetry(api: ChatApi, creds: Credentials, out: Outgoing, onRetry: () => void): Promise<ApiResult<{ messages: Message[] }>> {
  for (let attempt = 0; ; attempt++) {
    const result = await api.post(creds, out.answer, out.clientMessageId);
    const delay = RETRY_DELAYS_MS[attempt];
    if (result.ok || !isRetryable(result.failure) || delay === undefined) return result;
    onRetry();
    const asked = result.failure.kind === 'http' ? result.failure.retryAfterMs : undefined;
    await sleep(asked !== undefined ? Math.min(asked, MAX_RETRY_AFTER_MS) : delay);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
