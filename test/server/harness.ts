/**
 * The real app for API tests: compose() with the real catalogue, locales, stores (memory or
 * the run's Redis) and JSONL sink in a temp folder. Nothing is mocked.
 */
import type { Catalog } from '../../src/catalog/types';
import { DEFAULT_NEARBY } from '../../src/catalog/schema-nearby';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DestinationStream } from 'pino';
import request from 'supertest';
import type { Express } from 'express';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log';
import { compose, type ComposeOverrides, type Wiring } from '../../src/server/compose';
import type { StoredMessage } from '../../src/state/types';
import { testRedisUrl } from '../setup/redis';

export type StoreKind = 'memory' | 'redis';

export interface Harness {
  wiring: Wiring;
  app: Express;
  dir: string;
  submissionsFile: string;
  close(): Promise<void>;
}

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

/** Starts the app on a temp submissions file; `env` overrides variables (as strings, like the shell). */
export async function startHarness(
  kind: StoreKind,
  opts: { env?: Record<string, string>; logDestination?: DestinationStream; overrides?: ComposeOverrides; nearby?: boolean } = {},
): Promise<Harness> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wegov-api-'));
  const submissionsFile = path.join(dir, 'submissions.jsonl');
  const config = loadConfig({
    WEGOV_SUBMISSIONS_FILE: submissionsFile,
    WEGOV_ADMIN_TOKEN: ADMIN_TOKEN,
    // On Redis the per-address counts are shared by every test file of the run (all from
    // 127.0.0.1; the HTTP fuzz alone fails thousands of times): tests of the limits set their own.
    WEGOV_RATE_SESSIONS_PER_MINUTE: '1000000',
    WEGOV_RATE_MESSAGES_PER_MINUTE: '1000000',
    WEGOV_RATE_AUTH_FAILURES_PER_MINUTE: '1000000',
    WEGOV_CHAT_MESSAGES_PER_MINUTE: '10000',
    WEGOV_CHAT_BURST: '10000',
    ...(kind === 'redis' ? { REDIS_URL: testRedisUrl() } : {}),
    ...opts.env,
  });
  // WEGOV_TEST_LOG=debug shows the app's log while debugging a test.
  const level = opts.logDestination ? 'trace' : (process.env.WEGOV_TEST_LOG ?? 'silent');
  const logger = createLogger({ level, ...(opts.logDestination ? { destination: opts.logDestination } : {}) });
  // The sweep spans every conversation in the store; on the run's shared Redis it would take other
  // files' submissions. Delivery right after the commit is what these tests exercise.
  // A delivery queue of its own: on the shared Redis another file's workers would take its jobs.
  // The nearby offer is off unless a test asks for it (`nearby: true`): the files of a jest worker
  // share a Redis database, and many report at the same pins, so a later file would be offered an
  // earlier file's reports in an order that depends on how jest spreads the files.
  const nearbyOff = (c: Catalog): Catalog => ({ ...c, nearby: { ...(c.nearby ?? DEFAULT_NEARBY), radiusM: 0 } });
  const wiring = await compose(config, logger, { startRelay: false, outboxQueueName: `test-${randomUUID()}`, ...(opts.nearby ? {} : { catalog: nearbyOff }), ...opts.overrides });
  return {
    wiring,
    app: wiring.app,
    dir,
    submissionsFile,
    async close() {
      await wiring.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ChatSession {
  sessionId: string;
  token: string;
  messages: StoredMessage[];
}

/** POST /webchat/sessions, expecting 201. */
export async function createSession(app: Express, body: object = {}, headers: Record<string, string> = {}): Promise<ChatSession> {
  const res = await request(app).post('/webchat/sessions').set(headers).send(body);
  if (res.status !== 201) throw new Error(`create session: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as ChatSession;
}

/** POST a message with the session's token; returns the supertest response. */
export function post(app: Express, s: Pick<ChatSession, 'sessionId' | 'token'>, body: object): request.Test {
  return request(app).post(`/webchat/sessions/${s.sessionId}/messages`).set('Authorization', `Bearer ${s.token}`).send(body);
}

/** Posts and expects 200; returns the bot messages. */
export async function say(app: Express, s: Pick<ChatSession, 'sessionId' | 'token'>, body: object): Promise<StoredMessage[]> {
  const res = await post(app, s, body);
  if (res.status !== 200) throw new Error(`post ${JSON.stringify(body)}: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { messages: StoredMessage[] }).messages;
}

/**
 * Shares a report's location; when WeGov offers reports already made nearby (the run's store is
 * shared by the files of a jest worker, and many report at the same pins), answers "No, mine is
 * new". Returns the bot messages after the location, as `say` does.
 */
export async function sayLocation(app: Express, s: Pick<ChatSession, 'sessionId' | 'token'>, location: { lat: number; lon: number }): Promise<StoredMessage[]> {
  const got = await say(app, s, { location });
  return lastQuestion(got).choices?.some((c) => c.id === '_new') ? say(app, s, { choice: '_new' }) : got;
}

/** GET the history. */
export async function history(app: Express, s: Pick<ChatSession, 'sessionId' | 'token'>): Promise<StoredMessage[]> {
  const res = await request(app).get(`/webchat/sessions/${s.sessionId}/messages`).set('Authorization', `Bearer ${s.token}`);
  if (res.status !== 200) throw new Error(`history: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { messages: StoredMessage[] }).messages;
}

/** The last message that asks something (its expects and choices drive the next answer). */
export function lastQuestion(messages: readonly StoredMessage[]): StoredMessage {
  const q = [...messages].reverse().find((m) => m.from === 'bot' && m.expects !== 'none') ?? messages[messages.length - 1];
  if (!q) throw new Error('no messages');
  return q;
}

/** The choice id among `m.choices` that starts with / equals one of `ids`. */
export function pick(m: StoredMessage, ...ids: string[]): string {
  for (const id of ids) {
    const found = m.choices?.find((c) => c.id === id) ?? m.choices?.find((c) => c.id.startsWith(id));
    if (found) return found.id;
  }
  throw new Error(`none of ${ids.join(', ')} in choices ${JSON.stringify(m.choices?.map((c) => c.id))} of "${m.text}"`);
}

/** A real 4x4 grey JPEG (photos are decoded and re-encoded before they are kept). */
export const TINY_JPEG = Buffer.from(
  '/9j/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAEAAQDASIAAhEBAxEB/8QAFAABAAAAAAAAAAAAAAAAAAAAAP/EABQQAQAAAAAAAAAAAAAAAAAAAAD/xAAUAQEAAAAAAAAAAAAAAAAAAAAA/8QAFBEBAAAAAAAAAAAAAAAAAAAAAP/aAAwDAQACEQMRAD8AAA//2Q==',
  'base64',
);

/** Personal details a test report carries (the log-privacy test looks for them). */
export interface ReportDetails {
  lat: number;
  lon: number;
  description: string;
  contact: { name: string; email: string } | { name: string; phone: string } | null;
  photo?: Buffer;
}

export const RIVERSIDE_PIN = { lat: 30.271234, lon: -97.741234 };

/**
 * Files a pothole report through the API, answering by what each question expects and by
 * choice ids, never by wording. Returns every bot message of the conversation.
 */
export async function fileReport(app: Express, s: ChatSession, d: ReportDetails): Promise<StoredMessage[]> {
  const all: StoredMessage[] = [...s.messages];
  let q = lastQuestion(all);
  const answer = async (body: object): Promise<void> => {
    const got = await say(app, s, body);
    all.push(...got);
    q = lastQuestion(got);
  };
  if (q.choices?.some((c) => c.id === 'report')) await answer({ choice: 'report' });
  for (let guard = 0; guard < 30; guard++) {
    const ids = q.choices?.map((c) => c.id) ?? [];
    if (ids.includes('_submit')) {
      await answer({ choice: '_submit' });
      return all;
    }
    // A report already made nearby (the store is shared by the run): "No, mine is new".
    if (ids.includes('_new')) await answer({ choice: '_new' });
    else if (ids.includes('pothole')) await answer({ choice: 'pothole' });
    else if (ids.includes('streets')) await answer({ choice: 'streets' });
    else if (ids.includes('small')) await answer({ choice: 'small' });
    else if (ids.includes('anonymous')) await answer({ choice: d.contact ? 'contact' : 'anonymous' });
    else if (ids.includes('email') && d.contact) await answer({ choice: 'email' in d.contact ? 'email' : 'phone' });
    else if (q.expects === 'location') await answer({ location: { lat: d.lat, lon: d.lon } });
    else if (q.expects === 'photo') await answer(d.photo ? { photo: { contentType: 'image/jpeg', data: d.photo.toString('base64') } } : { choice: '_skip' });
    else if (ids.includes('yes') && ids.includes('no') && !ids.includes('_skip')) await answer({ choice: 'yes' });
    else if (ids.includes('no') && ids.includes('_skip')) await answer({ choice: 'no' });
    else if (q.expects === 'text' && d.contact && /name/i.test(q.text)) await answer({ text: d.contact.name });
    else if (q.expects === 'text' && d.contact && 'email' in d.contact && /email/i.test(q.text)) await answer({ text: d.contact.email });
    else if (q.expects === 'text' && d.contact && 'phone' in d.contact && /phone/i.test(q.text)) await answer({ text: d.contact.phone });
    else if (q.expects === 'text') await answer({ text: d.description });
    else throw new Error(`don't know how to answer: ${JSON.stringify(q)}`);
  }
  throw new Error('report did not reach the review');
}

/** The report reference shown in the chat (e.g. WG-7K3QX9). */
export function referenceIn(messages: readonly StoredMessage[]): string {
  for (const m of [...messages].reverse()) {
    const found = /\b[A-Z]{1,5}-[2-9A-Z]{6}\b/.exec(m.text);
    if (found) return found[0];
  }
  throw new Error('no reference in the messages');
}

/**
 * Waits until `check` returns a value (not undefined), polling. The default leaves room for a
 * loaded CI machine (a passing check returns at once; only a failure waits it out).
 */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The lines of the submissions file (empty when it does not exist yet). */
export function submissionLines(file: string): { id: string; files: { file: string | null }[]; payload: Record<string, unknown> }[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as { id: string; files: { file: string | null }[]; payload: Record<string, unknown> });
}
