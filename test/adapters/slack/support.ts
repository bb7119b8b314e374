/**
 * The real app with the Slack adapter (HTTP mode), its Web API on nock. Reusable by every
 * Slack test file: `signSlack` signs a body like Slack does, the builders shape requests like
 * Slack's (event_callback, block_actions, view_submission, slash command, url_verification),
 * and FakeSlackApi records each Web API call (method and form body, `blocks` parsed) and each
 * response_url answer (JSON).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nock from 'nock';
import request from 'supertest';
import type { Express } from 'express';
import type { DestinationStream } from 'pino';
import { startHarness, type Harness, type StoreKind } from '../../server/harness';
import { writeDemoCatalogCopy } from '../../support/demo-catalog-copy';

export const SIGNING_SECRET = 'abcdef0123456789abcdef0123456789';
export const BOT_TOKEN = 'xoxb-1111-2222-testtoken';
export const BOT_USER_ID = 'UBOTWEGOV';
export const TEAM_ID = 'TCITY01';
export const SLACK_ORIGIN = 'http://slack.test';
export const API_URL = `${SLACK_ORIGIN}/api/`;

/** `v0=<hex HMAC-SHA256 of "v0:<ts>:<body>">`, the X-Slack-Signature of a request. */
export function signSlack(body: string, secret: string = SIGNING_SECRET, ts: number = nowSeconds()): string {
  return `v0=${crypto.createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export interface SlackCall {
  method: string;
  /** Form fields; `blocks` (and other JSON fields) parsed. */
  body: Record<string, unknown>;
}

export class FakeSlackApi {
  readonly calls: SlackCall[] = [];
  /** Bodies posted to response_url (slash commands, interactivity). */
  readonly responses: { path: string; body: Record<string, unknown> }[] = [];
  private readonly failing = new Map<string, string[]>();
  /** Method-specific answers (merged into `{ ok: true }`), e.g. users.info. */
  readonly answers = new Map<string, (body: Record<string, unknown>) => Record<string, unknown> | undefined>();
  private ts = 1_700_000_000;
  private readonly interceptors: nock.Interceptor[] = [];

  constructor() {
    const api = nock(SLACK_ORIGIN).persist().post(/^\/api\/[\w.]+$/);
    const respond = nock(SLACK_ORIGIN).persist().post(/^\/respond\/\w+$/);
    this.interceptors.push(api, respond);
    api.reply((uri, body) => {
      const method = uri.replace(/^\/api\//, '');
      const parsed = parseForm(body);
      this.calls.push({ method, body: parsed });
      const error = this.failing.get(method)?.shift();
      if (error !== undefined) return json(200, { ok: false, error });
      const answer = this.answers.get(method)?.(parsed);
      if (answer !== undefined) return json(200, { ok: true, ...answer });
      return json(200, { ok: true, channel: parsed.channel, ts: `${this.ts++}.000100`, user_id: BOT_USER_ID, team_id: TEAM_ID });
    });
    respond.reply((uri, body) => {
      this.responses.push({ path: uri, body: (typeof body === 'string' ? JSON.parse(body) : body) as Record<string, unknown> });
      return json(200, { ok: true });
    });
  }

  /** Removes this fake's interceptors (another harness in the same file gets its own). */
  stop(): void {
    for (const i of this.interceptors) nock.removeInterceptor(i);
  }

  /** The next call of `method` answers `{ ok: false, error }`. */
  failNext(method: string, error: string): void {
    this.failing.set(method, [...(this.failing.get(method) ?? []), error]);
  }

  posts(): SlackCall[] {
    return this.calls.filter((c) => c.method === 'chat.postMessage');
  }

  clear(): void {
    this.calls.length = 0;
    this.responses.length = 0;
  }
}

/** A Web API request body as Slack sends it (form fields, JSON fields parsed; or JSON), as an object. */
export function parseForm(body: unknown): Record<string, unknown> {
  if (body && typeof body === 'object') return body as Record<string, unknown>;
  const text = typeof body === 'string' ? body : '';
  if (text.startsWith('{')) return JSON.parse(text) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    out[k] = (v.startsWith('[') || v.startsWith('{')) ? safeJson(v) : v;
  }
  return out;
}

function safeJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

/** A JSON answer for a nock reply. */
export function json(status: number, body: unknown): [number, string, Record<string, string>] {
  const text = JSON.stringify(body);
  return [status, text, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) }];
}

export interface SlackHarness extends Harness {
  api: FakeSlackApi;
}

/** `now` fixes the engine's clock (e.g. inside a consultation's open window); Slack signatures keep the real one. */
export async function startSlack(kind: StoreKind = 'memory', env: Record<string, string> = {}, logDestination?: DestinationStream, now?: () => Date): Promise<SlackHarness> {
  const api = new FakeSlackApi();
  const h = await startHarness(kind, {
    env: { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_USER_ID: BOT_USER_ID, SLACK_API_URL: API_URL, ...env },
    overrides: { slack: { retryConfig: { retries: 0 } }, ...(now ? { now } : {}) },
    ...(logDestination ? { logDestination } : {}),
  });
  return {
    ...h,
    api,
    async close() {
      await h.close();
      api.stop();
    },
  };
}

/** A raw request body and its content type. */
export interface SlackRequest {
  path: '/slack/events' | '/slack/interactivity' | '/slack/commands';
  body: string;
  contentType: 'application/json' | 'application/x-www-form-urlencoded';
}

/** Posts a request signed like Slack (or with `sign` overrides: another secret, an old timestamp, extra headers). */
export function sendSlack(app: Express, req: SlackRequest, opts: { ts?: number; secret?: string; signature?: string; headers?: Record<string, string> } = {}): request.Test {
  const ts = opts.ts ?? nowSeconds();
  return request(app)
    .post(req.path)
    .set('Content-Type', req.contentType)
    .set('X-Slack-Request-Timestamp', String(ts))
    .set('X-Slack-Signature', opts.signature ?? signSlack(req.body, opts.secret ?? SIGNING_SECRET, ts))
    .set(opts.headers ?? {})
    .send(req.body);
}

let counter = 0;
export const nextId = (prefix: string): string => `${prefix}${Date.now().toString(36).toUpperCase()}${(counter++).toString(36).toUpperCase()}`;

export function urlVerification(challenge: string): SlackRequest {
  return { path: '/slack/events', contentType: 'application/json', body: JSON.stringify({ token: 'legacy', challenge, type: 'url_verification' }) };
}

/** An Events API event_callback wrapping `event`. */
export function eventCallback(event: Record<string, unknown>, eventId: string = nextId('Ev')): SlackRequest {
  return {
    path: '/slack/events',
    contentType: 'application/json',
    body: JSON.stringify({
      token: 'legacy',
      team_id: TEAM_ID,
      api_app_id: 'AWEGOV',
      event: { event_ts: `${nowSeconds()}.000200`, ...event },
      type: 'event_callback',
      event_id: eventId,
      event_time: nowSeconds(),
      authorizations: [{ team_id: TEAM_ID, user_id: BOT_USER_ID, is_bot: true, is_enterprise_install: false }],
    }),
  };
}

/** A person's direct message to the app (message.im). */
export function imMessage(user: string, text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'message', channel: `D${user.slice(1)}`, channel_type: 'im', user, text, ts: `${nowSeconds()}.${String(counter++).padStart(6, '0')}`, ...extra };
}

/** The DM channel id imMessage uses for a user. */
export const dmChannelOf = (user: string): string => `D${user.slice(1)}`;

/**
 * The payload's `message`: Slack sends the message the control is on, its text and blocks as it
 * holds them (`posted`: the call that posted or last updated it); without `posted`, a message
 * with no blocks (the adapter then reads the transcript).
 */
function payloadMessage(messageTs: string, posted?: SlackCall): Record<string, unknown> {
  return posted ? { type: 'message', ts: messageTs, user: BOT_USER_ID, text: posted.body.text, blocks: posted.body.blocks } : { type: 'message', ts: messageTs, user: BOT_USER_ID, text: '...' };
}

/** A block_actions payload: a button pressed on message `messageTs` in `channel` (`posted`: see payloadMessage). */
export function blockAction(user: string, button: { action_id: string; value: string; text: string; block_id?: string }, messageTs: string, channel: string = dmChannelOf(user), posted?: SlackCall): SlackRequest {
  const payload = {
    type: 'block_actions',
    team: { id: TEAM_ID, domain: 'city' },
    user: { id: user, username: 'staff', team_id: TEAM_ID },
    api_app_id: 'AWEGOV',
    token: 'legacy',
    container: { type: 'message', message_ts: messageTs, channel_id: channel, is_ephemeral: false },
    trigger_id: nextId('trg'),
    channel: { id: channel, name: 'directmessage' },
    message: payloadMessage(messageTs, posted),
    response_url: `${SLACK_ORIGIN}/respond/${nextId('a')}`,
    actions: [
      {
        type: 'button',
        action_id: button.action_id,
        block_id: button.block_id ?? 'wegov_q',
        text: { type: 'plain_text', text: button.text },
        value: button.value,
        action_ts: `${nowSeconds()}.${String(counter++).padStart(6, '0')}`,
      },
    ],
  };
  return { path: '/slack/interactivity', contentType: 'application/x-www-form-urlencoded', body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString() };
}

/** A view_submission payload for a modal with `callback_id`. */
export function viewSubmission(user: string, callbackId: string, values: Record<string, unknown> = {}, privateMetadata = ''): SlackRequest {
  const payload = {
    type: 'view_submission',
    team: { id: TEAM_ID, domain: 'city' },
    user: { id: user, username: 'staff', team_id: TEAM_ID },
    api_app_id: 'AWEGOV',
    token: 'legacy',
    trigger_id: nextId('trg'),
    view: { id: nextId('V'), type: 'modal', callback_id: callbackId, private_metadata: privateMetadata, state: { values }, hash: 'h', team_id: TEAM_ID, app_id: 'AWEGOV', bot_id: 'BWEGOV' },
    response_urls: [],
  };
  return { path: '/slack/interactivity', contentType: 'application/x-www-form-urlencoded', body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString() };
}

/** A slash command (`/wegov <text>`); its answer goes to `response_url` (FakeSlackApi.responses). */
export function slashCommand(user: string, text: string, command = '/wegov', channel = 'CTRIAGE'): SlackRequest {
  const form = {
    token: 'legacy',
    team_id: TEAM_ID,
    team_domain: 'city',
    channel_id: channel,
    channel_name: 'triage',
    user_id: user,
    user_name: 'staff',
    command,
    text,
    api_app_id: 'AWEGOV',
    response_url: `${SLACK_ORIGIN}/respond/${nextId('c')}`,
    trigger_id: nextId('trg'),
  };
  return { path: '/slack/commands', contentType: 'application/x-www-form-urlencoded', body: new URLSearchParams(form).toString() };
}

/** Waits until `check` returns a value (Slack work happens after the ack). */
export async function waitFor<T>(check: () => T | undefined | false | null, timeoutMs = 5000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const v = check();
    if (v !== undefined && v !== false && v !== null) return v;
    if (Date.now() - started > timeoutMs) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Lets pending work settle (to assert that nothing happened). */
export const settle = (ms = 150): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The buttons of a posted message's actions blocks. */
export function buttonsOf(call: SlackCall | undefined): { action_id: string; value: string; text: string }[] {
  const blocks = (call?.body.blocks ?? []) as { type: string; elements?: { type: string; action_id: string; value: string; text: { text: string } }[] }[];
  return blocks
    .filter((b) => b.type === 'actions')
    .flatMap((b) => (b.elements ?? []).filter((e) => e.type === 'button').map((e) => ({ action_id: e.action_id, value: e.value, text: e.text.text })));
}

/** A form control of a posted message (radio buttons, checkboxes, a select), with its block id. */
export interface SlackControl {
  type: 'radio_buttons' | 'static_select' | 'checkboxes' | 'multi_static_select';
  action_id: string;
  block_id: string;
  options: { text: { text: string }; value: string; description?: { text: string } }[];
  initial_options?: { text: { text: string }; value: string }[];
  placeholder?: { text: string };
}

export function controlOf(call: SlackCall | undefined): SlackControl | undefined {
  const blocks = (call?.body.blocks ?? []) as { type: string; block_id: string; elements?: { type: string }[] }[];
  for (const b of blocks) {
    if (b.type !== 'actions') continue;
    const e = (b.elements ?? []).find((x) => x.type !== 'button');
    if (e) return { ...(e as Omit<SlackControl, 'block_id'>), block_id: b.block_id };
  }
  return undefined;
}

/** A block_actions payload for a form control: `action` is the element's part (type, selected_option(s)); `posted`: see payloadMessage. */
export function controlAction(user: string, control: SlackControl, selected: Record<string, unknown>, messageTs: string, channel: string = dmChannelOf(user), posted?: SlackCall): SlackRequest {
  const payload = {
    type: 'block_actions',
    team: { id: TEAM_ID, domain: 'city' },
    user: { id: user, username: 'staff', team_id: TEAM_ID },
    api_app_id: 'AWEGOV',
    token: 'legacy',
    container: { type: 'message', message_ts: messageTs, channel_id: channel, is_ephemeral: false },
    trigger_id: nextId('trg'),
    channel: { id: channel, name: 'directmessage' },
    message: payloadMessage(messageTs, posted),
    response_url: `${SLACK_ORIGIN}/respond/${nextId('a')}`,
    actions: [{ type: control.type, action_id: control.action_id, block_id: control.block_id, ...selected, action_ts: `${nowSeconds()}.${String(counter++).padStart(6, '0')}` }],
  };
  return { path: '/slack/interactivity', contentType: 'application/x-www-form-urlencoded', body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString() };
}

/** The demo city with Parks posting to a Slack channel too (its roster cards go there): the catalogue's path. */
export function parksSlackCatalogue(channel: string): string {
  const demo = fs.readFileSync(path.join(__dirname, '../../../config/demo-city.yaml'), 'utf8');
  const replaced = demo.replace(/(- id: parks\n\s+name: .*\n\s+sinks:\n)\s+- type: file\n/, `$1      - type: file\n      - type: slack\n        channel: "${channel}"\n`);
  if (replaced === demo) throw new Error('demo-city.yaml changed shape');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wegov-roster-')), 'city.yaml');
  writeDemoCatalogCopy(file, replaced);
  return file;
}

/** Slack answers `conversations.members` of any channel with these members. */
export function channelMembers(api: FakeSlackApi, members: readonly string[]): void {
  api.answers.set('conversations.members', () => ({ members: [...members], response_metadata: { next_cursor: '' } }));
}

/** A section's accessory button of a posted message, with the section's text. */
export interface AccessoryButton {
  action_id: string;
  value: string;
  text: string;
  style?: string;
  section: string;
}

/** The accessory buttons of a posted message's sections (a roster card's "Mark attended"), in order. */
export function accessoriesOf(call: SlackCall | undefined): AccessoryButton[] {
  const blocks = (call?.body.blocks ?? []) as { type: string; text?: { text: string }; accessory?: { type: string; action_id: string; value: string; text: { text: string }; style?: string } }[];
  return blocks
    .filter((b) => b.type === 'section' && b.accessory?.type === 'button')
    .map((b) => ({ action_id: b.accessory!.action_id, value: b.accessory!.value, text: b.accessory!.text.text, ...(b.accessory!.style ? { style: b.accessory!.style } : {}), section: b.text?.text ?? '' }));
}

/** The section texts of a posted message. */
export function textOf(call: SlackCall | undefined): string {
  const blocks = (call?.body.blocks ?? []) as { type: string; text?: { text: string } }[];
  const sections = blocks.filter((b) => b.type === 'section').map((b) => b.text?.text ?? '');
  return sections.length > 0 ? sections.join('\n') : String(call?.body.text ?? '');
}
