/** Long polling (no TELEGRAM_WEBHOOK_URL): getUpdates feeds the same handler; everything goes through the API. */
import { startHarness, eventually, type Harness } from '../../server/harness';
import { loadConfig } from '../../../src/config';
import { API_ROOT, BOT_TOKEN, BOT_USERNAME, FakeBotApi } from './fake-bot-api';
import { commandUpdate } from './updates';
import request from 'supertest';

describe('Telegram long polling', () => {
  let h: Harness;
  let api: FakeBotApi;
  afterEach(async () => {
    await h.close();
    api.done();
  });

  it('polls, answers through sendMessage and moves the offset past handled updates; no webhook route', async () => {
    api = new FakeBotApi();
    const p = { id: 8100001, first_name: 'Vic', language_code: 'en' };
    const update = commandUpdate(p, '/start');
    api.respondNext('getUpdates', [update]);
    h = await startHarness('memory', {
      env: { TELEGRAM_BOT_TOKEN: BOT_TOKEN, TELEGRAM_API_ROOT: API_ROOT },
      overrides: { telegram: { polling: { timeoutSeconds: 0, retryMs: 10 }, sender: { perChatBurst: 100, perChatPerSecond: 100 } } },
    });
    expect(h.wiring.telegram?.mode).toBe('polling');
    await eventually(() => (api.of('sendMessage').some((c) => /What would you like to do/.test(String(c.body.text))) ? true : undefined));
    const polls = api.of('getUpdates');
    expect(polls[0]?.body).toEqual({ timeout: 0, limit: 100, offset: 0, allowed_updates: ['message', 'edited_message', 'callback_query', 'my_chat_member'] });
    await eventually(() => (api.of('getUpdates').some((c) => c.body.offset === update.update_id + 1) ? true : undefined));
    expect(api.of('getMe')).toHaveLength(1);
    await eventually(() => (h.wiring.telegram && api.of('getMe').length === 1 ? true : undefined));
    expect((await request(h.app).post('/telegram/webhook').send({})).status).toBe(404);
    void BOT_USERNAME;
  });

  it('backs off between empty polls a server answers at once (was: thousands of getUpdates a second)', async () => {
    api = new FakeBotApi(); // answers every getUpdates at once, with no updates
    h = await startHarness('memory', {
      env: { TELEGRAM_BOT_TOKEN: BOT_TOKEN, TELEGRAM_API_ROOT: API_ROOT },
      overrides: { telegram: { polling: { timeoutSeconds: 0, retryMs: 10, idleFirstMs: 100, idleMaxMs: 400 } } },
    });
    await eventually(() => (api.of('getUpdates').length >= 2 ? true : undefined));
    const before = api.of('getUpdates').length;
    await new Promise((r) => setTimeout(r, 1500));
    // Pauses of 100, 200, 400, 400... allow at most 6 polls in 1.5 s, whatever the machine's speed.
    expect(api.of('getUpdates').length - before).toBeLessThanOrEqual(6);
    expect(api.of('getUpdates').length - before).toBeGreaterThanOrEqual(1);
  });
});

describe('Telegram configuration', () => {
  it('is off without a token, polling with one, webhook with URL and secret', () => {
    expect(loadConfig({}).telegram).toBeUndefined();
    expect(loadConfig({ TELEGRAM_BOT_TOKEN: BOT_TOKEN }).telegram).toEqual({ botToken: BOT_TOKEN, apiRoot: 'https://api.telegram.org', webhook: undefined });
    expect(
      loadConfig({ TELEGRAM_BOT_TOKEN: BOT_TOKEN, TELEGRAM_WEBHOOK_URL: 'https://city.example/telegram/webhook', TELEGRAM_WEBHOOK_SECRET: 'abc_DEF-123', TELEGRAM_API_ROOT: 'http://127.0.0.1:8081/' }).telegram,
    ).toEqual({ botToken: BOT_TOKEN, apiRoot: 'http://127.0.0.1:8081', webhook: { url: 'https://city.example/telegram/webhook', secret: 'abc_DEF-123' } });
  });

  it('rejects a webhook without a secret, a bad secret, a bad token and a non-https webhook URL', () => {
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: BOT_TOKEN, TELEGRAM_WEBHOOK_URL: 'https://city.example/tg' })).toThrow(/TELEGRAM_WEBHOOK_SECRET: required/);
    expect(() => loadConfig({ TELEGRAM_WEBHOOK_SECRET: 'has space' })).toThrow(/TELEGRAM_WEBHOOK_SECRET/);
    expect(() => loadConfig({ TELEGRAM_WEBHOOK_SECRET: 'x'.repeat(257) })).toThrow(/TELEGRAM_WEBHOOK_SECRET/);
    expect(() => loadConfig({ TELEGRAM_BOT_TOKEN: 'not-a-token' })).toThrow(/TELEGRAM_BOT_TOKEN/);
    expect(() => loadConfig({ TELEGRAM_WEBHOOK_URL: 'http://city.example/tg' })).toThrow(/TELEGRAM_WEBHOOK_URL/);
  });
});
