/**
 * Slack's Web API as one workspace with a triage channel, for the end-to-end Slack tests
 * (e2e-*.test.ts): on nock, it records every call (method and form body, JSON fields parsed)
 * and every response_url answer, remembers what was posted, and answers as Slack does for the
 * methods triage uses: chat.postMessage gives the channel's id (for the channel's name too) and
 * a new ts; conversations.history with `latest` finds that message, conversations.replies a
 * thread's messages; conversations.members lists the channel's members; users.info says en-US;
 * chat.update echoes the channel and ts. `holdUpdates()` leaves chat.update unanswered until
 * released: a process stuck (as good as dead) at a card update.
 */
import nock from 'nock';
import { json, parseForm, SLACK_ORIGIN, type SlackCall } from './support';

export interface FakeWorkspaceOptions {
  /** The triage channel's id. */
  channel: string;
  /** The name sinks post to (`#pw-triage`), answered with the id; unset: every post is answered with the id. */
  channelName?: string;
  /** conversations.members of the channel. */
  members: readonly string[];
  /** The first message ts (seconds); each file its own, so two files' cards never share one. */
  firstTs: number;
}

export interface FakeWorkspace {
  readonly calls: SlackCall[];
  /** Bodies posted to response_url (slash commands, interactivity), parsed. */
  readonly responses: Record<string, unknown>[];
  /** Holds chat.update answers from now on; the returned function releases them. */
  holdUpdates(): () => void;
  stop(): void;
}

export function fakeSlackWorkspace(opts: FakeWorkspaceOptions): FakeWorkspace {
  const calls: SlackCall[] = [];
  const responses: Record<string, unknown>[] = [];
  const posted: Record<string, unknown>[] = [];
  let held: Promise<void> | undefined;
  let ts = opts.firstTs;
  const channelOf = (asked: unknown): unknown => (opts.channelName === undefined || asked === opts.channelName ? opts.channel : asked);
  const answerTo = (method: string, body: Record<string, unknown>): Record<string, unknown> => {
    switch (method) {
      case 'chat.postMessage': {
        const t = `${ts++}.000100`;
        posted.push({ ...body, ts: t });
        return { ok: true, channel: channelOf(body.channel), ts: t, message: { ts: t } };
      }
      case 'chat.update':
        return { ok: true, channel: body.channel, ts: body.ts };
      case 'conversations.members':
        return { ok: true, members: [...opts.members], response_metadata: { next_cursor: '' } };
      case 'conversations.history':
        return { ok: true, messages: posted.filter((m) => m.ts === body.latest), has_more: false };
      case 'conversations.replies':
        return { ok: true, messages: posted.filter((m) => m.thread_ts === body.ts), has_more: false };
      case 'users.info':
        return { ok: true, user: { id: body.user, locale: 'en-US' } };
      default:
        return { ok: true };
    }
  };
  const api = nock(SLACK_ORIGIN).persist().post(/^\/api\/[\w.]+$/);
  api.reply(async (uri, raw) => {
    const method = uri.replace(/^\/api\//, '');
    const body = parseForm(raw);
    calls.push({ method, body });
    if (method === 'chat.update' && held) await held;
    return json(200, answerTo(method, body));
  });
  const respond = nock(SLACK_ORIGIN).persist().post(/^\/respond\/\w+$/);
  respond.reply((_uri, raw) => {
    responses.push(typeof raw === 'string' ? (JSON.parse(raw) as Record<string, unknown>) : (raw as Record<string, unknown>));
    return [200, 'ok', { 'Content-Type': 'text/plain', 'Content-Length': '2' }];
  });
  return {
    calls,
    responses,
    holdUpdates: () => {
      let release = (): void => undefined;
      held = new Promise<void>((resolve) => (release = resolve));
      return () => {
        held = undefined;
        release();
      };
    },
    stop: () => {
      nock.removeInterceptor(api);
      nock.removeInterceptor(respond);
    },
  };
}
