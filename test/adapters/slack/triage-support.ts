/** Helpers for the triage tests: a fake Slack Web API (nock) and signed Bolt requests. */
import crypto from 'node:crypto';
import { App, ExpressReceiver, LogLevel } from '@slack/bolt';
import express from 'express';
import nock from 'nock';
import request from 'supertest';
import { registerTriage, type TriageDeps } from '../../../adapters/slack/triage/actions';
import { triageClient } from '../../../adapters/slack/triage/client';
import { MemoryCaseStore } from '../../../src/cases';

export const SLACK_BASE = 'https://slack.test';
export const SLACK_API = `${SLACK_BASE}/api/`;
export const SIGNING_SECRET = 'test-signing-secret';
export const CHANNEL = 'CTRIAGE';

export interface SlackCall {
  method: string;
  body: Record<string, unknown>;
}

type Responder = (body: Record<string, unknown>) => { status?: number; json: Record<string, unknown> };

/** Captures every Web API call; answers `{ ok: true }` unless a responder for the method says otherwise. */
export class FakeSlack {
  readonly calls: SlackCall[] = [];
  private readonly responders = new Map<string, Responder[]>();
  private ts = 1_700_000_000;

  constructor(public members: string[] = ['UMEMBER', 'UOTHER']) {
    nock(SLACK_BASE)
      .persist()
      .post(/^\/api\/[a-zA-Z.]+$/)
      .reply((uri, raw) => {
        const method = uri.replace('/api/', '');
        const body = parseBody(raw);
        this.calls.push({ method, body });
        const queued = this.responders.get(method);
        const r = queued && queued.length > 0 ? (queued.length > 1 ? queued.shift()! : queued[0]!) : undefined;
        const out = r ? r(body) : this.defaultAnswer(method, body);
        const text = JSON.stringify(out.json);
        return [out.status ?? 200, text, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) }];
      });
  }

  /** The next answers for a method (the last one repeats). */
  on(method: string, ...answers: Responder[]): this {
    this.responders.set(method, answers);
    return this;
  }

  of(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  private defaultAnswer(method: string, body: Record<string, unknown>): { status?: number; json: Record<string, unknown> } {
    switch (method) {
      case 'chat.postMessage':
        this.ts += 1;
        return { json: { ok: true, channel: body.channel, ts: `${this.ts}.000100` } };
      case 'conversations.members':
        return { json: { ok: true, members: this.members, response_metadata: { next_cursor: '' } } };
      case 'conversations.history':
        return { json: { ok: true, messages: [], has_more: false } };
      default:
        return { json: { ok: true } };
    }
  }
}

/** Form bodies as objects, with the JSON-valued fields (blocks, metadata, view) parsed. */
export function parseBody(raw: unknown): Record<string, unknown> {
  const obj: Record<string, unknown> = typeof raw === 'string' ? Object.fromEntries(new URLSearchParams(raw)) : { ...(raw as Record<string, unknown>) };
  for (const k of ['blocks', 'metadata', 'view', 'attachments']) {
    if (typeof obj[k] === 'string') obj[k] = JSON.parse(obj[k] as string);
  }
  return obj;
}

export function makeDeps(overrides: Partial<TriageDeps> = {}): TriageDeps & { deliver: jest.Mock; askReporter: jest.Mock } {
  return {
    client: triageClient({ token: 'xoxb-test', slackApiUrl: SLACK_API }),
    cases: new MemoryCaseStore(),
    deliver: jest.fn(async () => 'delivered'),
    askReporter: jest.fn(async () => undefined),
    timezone: 'America/Chicago',
    lockMs: 1000,
    ...overrides,
  } as TriageDeps & { deliver: jest.Mock; askReporter: jest.Mock };
}

/** A real Bolt App on an ExpressReceiver, mounted in an express app. */
export function triageApp(deps: TriageDeps): express.Express {
  const receiver = new ExpressReceiver({ signingSecret: SIGNING_SECRET, processBeforeResponse: true, endpoints: '/slack/events', logLevel: LogLevel.ERROR });
  const app = new App({
    receiver,
    authorize: async () => ({ botToken: 'xoxb-test', botUserId: 'UBOT' }),
    clientOptions: { slackApiUrl: SLACK_API },
    logLevel: LogLevel.ERROR,
  });
  registerTriage(app, deps);
  const server = express();
  server.use(receiver.router);
  return server;
}

/** POSTs an interactivity payload as Slack does: form-encoded `payload=<json>`, signed v0. */
export function sendPayload(server: express.Express, payload: unknown): request.Test {
  const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const ts = String(Math.floor(Date.now() / 1000));
  const sig = `v0=${crypto.createHmac('sha256', SIGNING_SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
  return request(server)
    .post('/slack/events')
    .set('Content-Type', 'application/x-www-form-urlencoded')
    .set('X-Slack-Request-Timestamp', ts)
    .set('X-Slack-Signature', sig)
    .send(body);
}

export function buttonClick(opts: { action: string; caseKey: string; user: string; channel?: string; ts?: string; blocks?: unknown[] }): Record<string, unknown> {
  return {
    type: 'block_actions',
    team: { id: 'T1', domain: 'city' },
    user: { id: opts.user, username: opts.user, team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy',
    trigger_id: `trig-${opts.user}-${opts.action}`,
    channel: { id: opts.channel ?? CHANNEL, name: 'triage' },
    container: { type: 'message', message_ts: opts.ts ?? '1.0', channel_id: opts.channel ?? CHANNEL, is_ephemeral: false },
    message: { type: 'message', ts: opts.ts ?? '1.0', text: 'card', blocks: opts.blocks ?? [] },
    response_url: `${SLACK_BASE}/response`,
    actions: [
      { type: 'button', action_id: `wegov_triage:${opts.action}`, block_id: 'wg_t_actions', value: opts.caseKey, text: { type: 'plain_text', text: 'x' }, action_ts: '1.1' },
    ],
  };
}

export function viewSubmission(opts: { action: string; caseKey: string; user: string; text: string }): Record<string, unknown> {
  return {
    type: 'view_submission',
    team: { id: 'T1', domain: 'city' },
    user: { id: opts.user, username: opts.user, name: opts.user, team_id: 'T1' },
    api_app_id: 'A1',
    token: 'legacy',
    trigger_id: 'trig-view',
    view: {
      id: 'V1',
      team_id: 'T1',
      type: 'modal',
      callback_id: `wegov_triage:${opts.action}`,
      private_metadata: opts.caseKey,
      blocks: [],
      state: { values: { wg_text: { text: { type: 'plain_text_input', value: opts.text } } } },
      hash: 'h',
      title: { type: 'plain_text', text: 't' },
      close: null,
      submit: null,
      root_view_id: 'V1',
      app_id: 'A1',
      external_id: '',
      app_installed_team_id: 'T1',
      bot_id: 'B1',
      previous_view_id: null,
      clear_on_close: false,
      notify_on_close: false,
    },
    response_urls: [],
  };
}
