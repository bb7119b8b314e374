/**
 * The agency cancels a shift (issue 13), through the real app on Redis at a fixed time, with
 * Telegram's Bot API and Slack's Web API on nock and the agency's webhook a local receiver. Parks
 * posts roster cards to a Slack channel and hears a webhook. A shift of three places gets three
 * confirmed sign-ups (two in the web chat in English, one over Telegram in Spanish) and one person
 * waiting (web chat). `DELETE /admin/volunteering/shifts/:id` with a reason in English and Spanish:
 * each of the four is told exactly once, in their own channel and language, with the reason in
 * their language; nobody is promoted; every reminder is withdrawn; "my sign-ups" says it was
 * cancelled; the shift is gone from browsing, and an old "sign up" button gets a polite answer;
 * the roster card is redrawn "Cancelled" with the reason (no "full" notice after); the webhook gets
 * `volunteer.shift_cancelled`, valid against its schema. A second DELETE is 409, an unknown shift
 * 404, a bad body 400.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import request from 'supertest';
import { REMINDERS_PREFIX } from '../../../dialogs/volunteer/reminders/bullmq';
import { endpointOptions } from '../../../src/state/redis-connection';
import { ADMIN_TOKEN, createSession, eventually, history, say, startHarness, type ChatSession, type Harness } from '../../server/harness';
import { testRedisUrl } from '../../setup/redis';
import { check } from '../../sinks/webhook/schema-check';
import { SECRET as HOOK_SECRET, startReceiver, type Receiver } from '../../sinks/webhook/support';
import { writeDemoCatalogCopy } from '../../support/demo-catalog-copy';
import { API_URL, BOT_TOKEN as SLACK_BOT_TOKEN, BOT_USER_ID, FakeSlackApi, SIGNING_SECRET, type SlackCall } from '../../adapters/slack/support';
import { BOT_USERNAME, FakeBotApi } from '../../adapters/telegram/fake-bot-api';
import { buttons, dataFor, deliver, TELEGRAM_TEST_ENV, type Seen, type TelegramHarness } from '../../adapters/telegram/support';
import { callbackUpdate, commandUpdate, type Person } from '../../adapters/telegram/updates';
import { signUpFor } from './support';

const NOW = new Date('2026-12-01T15:00:00.000Z');
const CHANNEL = 'CPARKSCANCEL';
const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../docs/webhooks/volunteer-shift-cancellation-v1.schema.json'), 'utf8')) as Record<string, unknown>;

/** The demo city with Parks on the file, a Slack channel and a webhook. */
function catalogue(hook: string): string {
  const demo = fs.readFileSync(path.join(__dirname, '../../../config/demo-city.yaml'), 'utf8');
  const replaced = demo.replace(
    /(- id: parks\n\s+name: .*\n\s+sinks:\n)\s+- type: file\n/,
    `$1      - type: file\n      - type: slack\n        channel: "${CHANNEL}"\n      - type: webhook\n        url: ${hook}\n        secret_env: SHIFT_CANCEL_HOOK_SECRET\n`,
  );
  if (replaced === demo) throw new Error('demo-city.yaml changed shape');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wegov-cancel-')), 'city.yaml');
  writeDemoCatalogCopy(file, replaced);
  return file;
}

interface Event {
  type: string;
  result: Record<string, unknown>;
}

describe('the agency cancels a shift (Redis, web chat, Telegram, Slack roster, webhook)', () => {
  const shiftId = `cancel-${randomBytes(4).toString('hex')}`;
  const queueName = `test-cancel-${randomBytes(4).toString('hex')}`;
  let hook: Receiver;
  let h: Harness;
  let slack: FakeSlackApi;
  let telegram: FakeBotApi;
  const redis = new Redis({ ...endpointOptions(testRedisUrl()), maxRetriesPerRequest: null });
  const reminders = new Queue(`${queueName}-reminders`, { connection: redis, prefix: REMINDERS_PREFIX });
  const web: ChatSession[] = [];
  /** Someone with the shift's details open (its "Sign up" button) when it is cancelled. */
  let late: ChatSession;
  const tgPerson: Person = { id: 7_000_000 + Math.floor(Math.random() * 1_000_000), first_name: 'Lucía', language_code: 'es' };

  beforeAll(async () => {
    process.env.SHIFT_CANCEL_HOOK_SECRET = HOOK_SECRET;
    hook = await startReceiver();
    slack = new FakeSlackApi();
    telegram = new FakeBotApi();
    h = await startHarness('redis', {
      env: {
        ...TELEGRAM_TEST_ENV,
        SLACK_BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_USER_ID: BOT_USER_ID,
        SLACK_API_URL: API_URL,
        WEGOV_CONFIG: catalogue(hook.url('/hook')),
        WEGOV_MEDIA_URL_SECRET: 'shift-cancel-test-secret-0123456789',
        WEGOV_STATUS_POLL_SECONDS: '0',
      },
      overrides: {
        now: () => NOW,
        outboxQueueName: queueName,
        slack: { retryConfig: { retries: 0 } },
        telegram: { botUsername: BOT_USERNAME, start: false, sender: { perChatPerSecond: 1000, perChatBurst: 1000, globalPerSecond: 1000, sleep: async () => undefined } },
      },
    });
    const csv = `opportunity_id,shift_id,starts_at,ends_at,capacity\r\nriverbank-cleanup,${shiftId},2026-12-28 09:00,2026-12-28 12:00,3\r\n`;
    expect((await request(h.app).put('/admin/volunteering/shifts').set('Authorization', `Bearer ${ADMIN_TOKEN}`).set('Content-Type', 'text/csv').send(csv)).status).toBe(200);
  });
  afterAll(async () => {
    await h?.close();
    slack?.stop();
    telegram?.done();
    await hook?.close();
    await reminders.close();
    redis.disconnect();
  });

  const delayedReminders = async (): Promise<number> => (await reminders.getDelayed()).filter((j) => (j.data as { shiftId?: string }).shiftId === shiftId).length;
  const cards = (): SlackCall[] => slack.calls.filter((c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && c.body.thread_ts === undefined && JSON.stringify(c.body.blocks ?? []).includes('Riverbank clean-up'));
  const threadNotices = (): SlackCall[] => slack.calls.filter((c) => c.method === 'chat.postMessage' && c.body.thread_ts !== undefined);
  const tgTexts = (): string[] => telegram.calls.filter((c) => c.method === 'sendMessage' && Number(c.body.chat_id) === tgPerson.id).map((c) => String(c.body.text));
  const events = (type: string): Event[] => hook.requests.map((r) => r.body as Event).filter((e) => e.type === type && e.result.shiftId === shiftId);

  /** Signs up over Telegram by buttons from /start volunteer; the last messages seen. */
  async function telegramSignUp(person: Person): Promise<Seen[]> {
    let last: Seen | undefined;
    const step = async (update: unknown): Promise<Seen[]> => {
      const { seen } = await deliver({ ...h, api: telegram, sleeps: [] } as TelegramHarness, update);
      last = [...seen].reverse().find((m) => m.reply_markup?.inline_keyboard) ?? seen[seen.length - 1];
      return seen;
    };
    const press = (id: string): Promise<Seen[]> => step(callbackUpdate(person, dataFor(last, id), last!.messageId));
    const ids = (): string[] => buttons(last).map((b) => b.data.slice(b.data.indexOf(':') + 1));
    await step(commandUpdate(person, '/start volunteer'));
    await press('any');
    await press('outdoors');
    while (!ids().includes(shiftId)) await press('_more');
    for (const id of [shiftId, 'sign_up', 'yes', 'yes', 'yes', 'medium']) await press(id);
    return press('yes');
  }

  it('three confirmed (web chat en, Telegram es) and one waiting, each with reminders', async () => {
    const a = await signUpFor(h.app, shiftId, `cancel-a-${shiftId}`);
    expect(a.said[0]).toMatch(/^You are signed up for Riverbank clean-up/);
    const b = await signUpFor(h.app, shiftId, `cancel-b-${shiftId}`);
    expect(b.said[0]).toMatch(/^You are signed up/);
    expect((await telegramSignUp(tgPerson)).map((m) => m.text)[0]).toMatch(/^Quedas apuntado a Limpieza de la ribera/);
    const d = await signUpFor(h.app, shiftId, `cancel-d-${shiftId}`);
    expect(d.said[0]).toContain('number 1 on the waitlist');
    web.push(a.s, b.s, d.s);
    late = await createSession(h.app, { locale: 'en', start: 'volunteer', participant: `cancel-late-${shiftId}` });
    await say(h.app, late, { choice: 'any' });
    let page = (await say(h.app, late, { choice: 'outdoors' })).at(-1)!;
    while (!page.choices!.some((c) => c.id === shiftId)) page = (await say(h.app, late, { choice: '_more' })).at(-1)!;
    expect((await say(h.app, late, { choice: shiftId })).at(-1)!.choices).toEqual([expect.objectContaining({ id: 'sign_up' })]);
    // A day and two hours before, for each of the three confirmed.
    expect(await eventually(async () => ((await delayedReminders()) === 6 ? 6 : undefined))).toBe(6);
    await eventually(() => cards().some((c) => JSON.stringify(c.body.blocks).includes('3 of 3 places taken · 1 waiting')) || undefined);
    await eventually(() => threadNotices().some((c) => String(c.body.text).includes('full')) || undefined);
  }, 60_000);

  it('refuses a bad body (400), an unknown shift (404), and cancels with a reason per language', async () => {
    const del = (id: string) => request(h.app).delete(`/admin/volunteering/shifts/${id}`).set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    expect((await request(h.app).delete(`/admin/volunteering/shifts/${shiftId}`)).status).toBe(401);
    const bad = await del(shiftId).send({ reason: { de: 'Regen' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_body');
    expect((await del(shiftId).send({ reason: 'rain' })).body.error.code).toBe('invalid_body');
    const unknown = await del('no-such-shift');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');

    const noticesBefore = threadNotices().length;
    const res = await del(shiftId).send({ reason: { en: 'The river is in flood.', es: 'El río se ha desbordado.' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ shiftId, cancelledAt: NOW.toISOString() });
    const again = await del(shiftId).send({});
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_cancelled');

    // Each person told once, in their language, with the reason in it.
    for (const s of web) {
      const told = await eventually(async () => (await history(h.app, s)).find((m) => m.text.startsWith('We are sorry: Riverbank clean-up')));
      expect(told.text).toBe(
        'We are sorry: Riverbank clean-up, Mon, Dec 28, 9:00 AM – 12:00 PM, at River path, north end of the Riverside Avenue bridge, has been cancelled by the organisers. Your sign-up for it is cancelled; you do not need to do anything.\nTheir reason: The river is in flood.\nThank you for offering your time. You can find another shift from the menu under "Volunteer".',
      );
    }
    const es = await eventually(() => tgTexts().find((t) => t.startsWith('Lo sentimos')));
    expect(es).toContain('la organización ha cancelado Limpieza de la ribera, lun, 28 dic, 9:00–12:00');
    expect(es).toContain('Su motivo: El río se ha desbordado.');

    // The card says so, with the reason; the webhook hears it.
    const card = await eventually(() => cards().find((c) => JSON.stringify(c.body.blocks).includes('Cancelled: Riverbank clean-up')));
    expect(card.method).toBe('chat.update');
    expect(JSON.stringify(card.body.blocks)).toContain('*Cancelled.* The river is in flood.');
    expect(JSON.stringify(card.body.blocks)).not.toContain('Mark attended');
    const [event] = await eventually(() => (events('volunteer.shift_cancelled').length > 0 ? events('volunteer.shift_cancelled') : undefined));
    expect(check(schema, event)).toEqual([]);
    expect(event!.result).toMatchObject({ shiftId, opportunityId: 'riverbank-cleanup', agencyId: 'parks', cancelledAt: NOW.toISOString(), reason: { en: 'The river is in flood.', es: 'El río se ha desbordado.' } });
    const signUps = event!.result.signUps as { status: string; volunteer: string }[];
    expect(signUps.map((s) => s.status)).toEqual(['confirmed', 'confirmed', 'confirmed', 'waitlisted']);
    expect(JSON.stringify(event)).not.toContain(String(tgPerson.id));

    // Once each, nobody promoted, no reminder left, no "half full"/"full" after.
    for (const s of web) {
      const said = (await history(h.app, s)).map((m) => m.text);
      expect(said.filter((t) => t.startsWith('We are sorry'))).toHaveLength(1);
      expect(said.some((t) => t.startsWith('Good news'))).toBe(false);
    }
    expect(tgTexts().filter((t) => t.startsWith('Lo sentimos'))).toHaveLength(1);
    expect(await delayedReminders()).toBe(0);
    expect(threadNotices()).toHaveLength(noticesBefore);
    expect(events('volunteer.shift_cancelled')).toHaveLength(1);
  }, 60_000);

  it('"my sign-ups" shows it cancelled; browsing no longer lists it; an old "sign up" button is answered politely', async () => {
    const again = await createSession(h.app, { locale: 'en', start: 'volunteer', participant: `cancel-a-${shiftId}` });
    const mine = await say(h.app, again, { choice: 'mine' });
    expect(mine.map((m) => m.text).join('\n')).toContain('Riverbank clean-up, Mon, Dec 28, 9:00 AM – 12:00 PM (cancelled by the organisers)');

    // Someone who had the shift's details open before the cancellation taps "Sign up".
    expect((await say(h.app, late, { choice: 'sign_up' }))[0]!.text).toBe(
      'Sorry, Riverbank clean-up, Mon, Dec 28, 9:00 AM – 12:00 PM, has been cancelled by the organisers, so you can no longer sign up for it. Please pick another shift.',
    );
    // Browsing from the start no longer lists it.
    const fresh = await createSession(h.app, { locale: 'en', start: 'volunteer', participant: `cancel-fresh-${shiftId}` });
    await say(h.app, fresh, { choice: 'any' });
    let page = (await say(h.app, fresh, { choice: 'outdoors' })).at(-1)!;
    const seen = new Set(page.choices!.map((c) => c.id));
    while (page.choices!.some((c) => c.id === '_more')) {
      page = (await say(h.app, fresh, { choice: '_more' })).at(-1)!;
      for (const c of page.choices!) seen.add(c.id);
    }
    expect(seen.has(shiftId)).toBe(false);
    expect(seen.size).toBeGreaterThan(2);
  }, 60_000);
});
