/**
 * A photo's bytes come from Telegram in two calls (getFile, then the file download). When one
 * fails, the delivery's dead-letter reason says which, and never quotes the bot token (a
 * network error's message holds the URL, and the URL holds the token). Bot API on nock.
 */
import nock from 'nock';
import { Telegram } from 'telegraf';
import { botApiFileFetcher } from '../../../adapters/telegram/media';
import { failureReason } from '../../../src/outbox/queue';
import { API_ROOT as ROOT, BOT_TOKEN as TOKEN, FakeBotApi } from './fake-bot-api';

const SECRET_PART = 'TEST-token_ABCdefGHIjkl';

function fetcher() {
  return botApiFileFetcher(new Telegram(TOKEN, { apiRoot: ROOT }), 1024 * 1024, 2000);
}

async function reasonOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (error) {
    return failureReason(error);
  }
  throw new Error('expected a failure');
}

let api: FakeBotApi | undefined;
afterEach(() => {
  api?.done();
  api = undefined;
  nock.cleanAll();
});

describe('botApiFileFetcher failures name the call that failed', () => {
  it('getFile refused by the Bot API', async () => {
    api = new FakeBotApi();
    api.failNext('getFile', 400, { description: 'Bad Request: invalid file_id' });
    const reason = await reasonOf(fetcher()('AgAC-gone'));
    expect(reason).toContain('telegram getFile failed (400: Bad Request: invalid file_id)');
    expect(reason).not.toContain(SECRET_PART);
  });

  it('getFile unreachable: the reason names the call, not the URL with the token', async () => {
    nock(ROOT).post(`/bot${TOKEN}/getFile`).replyWithError(Object.assign(new Error(`request to ${ROOT}/bot${TOKEN}/getFile failed, reason: ECONNRESET`), { code: 'ECONNRESET' }));
    const reason = await reasonOf(fetcher()('AgAC-1'));
    expect(reason).toMatch(/^telegram getFile failed \(\w+\)$/);
    expect(reason).not.toContain(SECRET_PART);
  });

  it('the download after getFile', async () => {
    api = new FakeBotApi();
    api.respondNext('getFile', { file_id: 'AgAC-2', file_unique_id: 'u2', file_path: 'photos/file_2.jpg' });
    nock(ROOT).get(`/file/bot${TOKEN}/photos/file_2.jpg`).reply(502, 'bad gateway', { 'Content-Length': '11' });
    expect(await reasonOf(fetcher()('AgAC-2'))).toBe('telegram file download failed with HTTP 502');
  });
});
