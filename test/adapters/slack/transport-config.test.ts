/** Slack configuration: which variables switch what on, and Socket Mode (no /slack routes). */
import request from 'supertest';
import { loadConfig } from '../../../src/config';
import { startHarness } from '../../server/harness';
import { API_URL, BOT_TOKEN, BOT_USER_ID, SIGNING_SECRET } from './support';

describe('Slack configuration', () => {
  it('is off without SLACK_BOT_TOKEN', () => {
    expect(loadConfig({}).slack).toBeUndefined();
  });

  it('needs a signing secret unless an app-level token selects Socket Mode', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: BOT_TOKEN })).toThrow(/SLACK_SIGNING_SECRET: required/);
    expect(loadConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: 'xapp-1-A1-abc' }).slack).toMatchObject({ appToken: 'xapp-1-A1-abc', signingSecret: undefined });
  });

  it('reads every variable, with defaults', () => {
    const c = loadConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_TRIAGE_ALLOWED_USERS: ' U123ABC, W456DEF ' });
    expect(c.slack).toEqual({
      botToken: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      appToken: undefined,
      botUserId: undefined,
      apiUrl: 'https://slack.com/api/',
      triageAllowedUsers: ['U123ABC', 'W456DEF'],
    });
    expect(loadConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: 'http://slack.test/api' }).slack?.apiUrl).toBe('http://slack.test/api/');
  });

  it('names bad values', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxp-user-token', SLACK_SIGNING_SECRET: SIGNING_SECRET })).toThrow(/SLACK_BOT_TOKEN: must be a bot token/);
    expect(() => loadConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: 'xoxb-nope' })).toThrow(/SLACK_APP_TOKEN/);
    expect(() => loadConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_TRIAGE_ALLOWED_USERS: 'alice' })).toThrow(/SLACK_TRIAGE_ALLOWED_USERS/);
  });

  it('Socket Mode mounts no HTTP routes', async () => {
    const h = await startHarness('memory', {
      env: { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: 'xapp-1-A1-abc', SLACK_BOT_USER_ID: BOT_USER_ID, SLACK_API_URL: API_URL },
      overrides: { slack: { start: false, retryConfig: { retries: 0 } } },
    });
    try {
      expect(h.wiring.slack?.mode).toBe('socket');
      expect(h.wiring.slack?.webhookRouter).toBeUndefined();
      expect((await request(h.app).post('/slack/events').send({})).status).toBe(404);
    } finally {
      await h.close();
    }
  });
});
