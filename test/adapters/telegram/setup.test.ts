/**
 * telegramSetup against a real telegraf `Telegram` client, every Bot API call answered by
 * nock (explicit Content-Length: nock 14 can hang on telegraf's keep-alive requests). The
 * exact parameters of setWebhook, deleteWebhook and each setMyCommands are asserted, in order.
 */
import nock from 'nock';
import { Telegram } from 'telegraf';
import { readLocaleFiles } from '../../../src/i18n';
import {
  BOT_COMMANDS,
  TelegramSetupError,
  commandsFromLocales,
  languageCodeOf,
  telegramSetup,
} from '../../../adapters/telegram/setup';

const API = 'https://api.telegram.org';
const TOKEN = '123:TEST';
const SECRET = 'Wh-secret_0123456789';

type Call = { method: string; body: Record<string, unknown> };

/** Answers every Bot API method with `{ ok: true, result: true }`, recording calls in order. */
function interceptAll(): Call[] {
  const calls: Call[] = [];
  const body = JSON.stringify({ ok: true, result: true });
  nock(API)
    .persist()
    .post(new RegExp(`^/bot${TOKEN}/(\\w+)$`), (b: Record<string, unknown>) => {
      calls.push({ method: '', body: b });
      return true;
    })
    .reply(function (uri) {
      calls[calls.length - 1]!.method = uri.split('/').pop() ?? '';
      return [200, body, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) }];
    });
  return calls;
}

afterEach(() => {
  nock.cleanAll();
});

const files = readLocaleFiles();
const telegram = () => new Telegram(TOKEN, { apiRoot: API });
const expectedList = (locale: string) => {
  const descriptions = (files[locale] as { telegram: { commands: Record<string, string> } }).telegram.commands;
  return BOT_COMMANDS.map((command) => ({ command, description: descriptions[command] }));
};

describe('telegram:setup', () => {
  it('ships a description for every command in every locale, 3-256 characters', () => {
    const commands = commandsFromLocales();
    expect(Object.keys(commands.byLocale).sort()).toEqual(Object.keys(files).sort());
    for (const list of Object.values(commands.byLocale)) {
      expect(list.map((c) => c.command)).toEqual(['start', 'menu', 'help', 'cancel', 'language', 'mydata', 'forget']);
      for (const { description } of list) {
        expect(description.length).toBeGreaterThanOrEqual(3);
        expect(description.length).toBeLessThanOrEqual(256);
      }
    }
    expect(commands.byLocale.ar![0]!.description).toMatch(/[\u0600-\u06FF]/); // Arabic script
  });

  it('webhook mode: setWebhook with the secret and allowed updates, then commands per locale and the default', async () => {
    const calls = interceptAll();
    const result = await telegramSetup({
      telegram: telegram(),
      webhookUrl: 'https://wegov.example/telegram/webhook',
      secret: SECRET,
      commands: commandsFromLocales(),
    });

    expect(calls[0]).toEqual({
      method: 'setWebhook',
      body: {
        url: 'https://wegov.example/telegram/webhook',
        secret_token: SECRET,
        allowed_updates: ['message', 'edited_message', 'callback_query', 'my_chat_member'],
        drop_pending_updates: false,
      },
    });
    const commandCalls = calls.slice(1);
    expect(commandCalls.map((c) => c.method)).toEqual(Array(Object.keys(files).length + 1).fill('setMyCommands'));
    expect(commandCalls).toEqual([
      { method: 'setMyCommands', body: { commands: expectedList('en'), language_code: 'en' } },
      { method: 'setMyCommands', body: { commands: expectedList('ar'), language_code: 'ar' } },
      { method: 'setMyCommands', body: { commands: expectedList('es'), language_code: 'es' } },
      { method: 'setMyCommands', body: { commands: expectedList('fr'), language_code: 'fr' } },
      { method: 'setMyCommands', body: { commands: expectedList('en') } },
    ]);
    expect(commandCalls[2]!.body.commands).toContainEqual({ command: 'forget', description: 'Borrar mis datos' });
    expect(commandCalls[3]!.body.commands).toContainEqual({ command: 'forget', description: 'Supprimer mes données' });
    expect(commandCalls[2]!.body.commands).toContainEqual({ command: 'mydata', description: 'Ver y descargar mis datos' });
    expect(result).toEqual({
      mode: 'webhook',
      webhookUrl: 'https://wegov.example/telegram/webhook',
      commandLists: [
        { languageCode: 'en', locale: 'en', commands: 7 },
        { languageCode: 'ar', locale: 'ar', commands: 7 },
        { languageCode: 'es', locale: 'es', commands: 7 },
        { languageCode: 'fr', locale: 'fr', commands: 7 },
        { languageCode: undefined, locale: 'en', commands: 7 },
      ],
      skipped: [],
    });
  });

  it('polling mode: deleteWebhook (pending updates kept), then the commands', async () => {
    const calls = interceptAll();
    const result = await telegramSetup({ telegram: telegram(), commands: commandsFromLocales() });
    expect(calls[0]).toEqual({ method: 'deleteWebhook', body: { drop_pending_updates: false } });
    expect(calls.filter((c) => c.method === 'setWebhook')).toEqual([]);
    expect(calls.slice(1).map((c) => [c.method, c.body.language_code])).toEqual([
      ['setMyCommands', 'en'],
      ['setMyCommands', 'ar'],
      ['setMyCommands', 'es'],
      ['setMyCommands', 'fr'],
      ['setMyCommands', undefined],
    ]);
    expect(result.mode).toBe('polling');
  });

  it('refuses a webhook without a valid secret or https URL before calling Telegram', async () => {
    const calls = interceptAll();
    const commands = commandsFromLocales();
    await expect(telegramSetup({ telegram: telegram(), webhookUrl: 'https://wegov.example/telegram/webhook', commands })).rejects.toThrow(TelegramSetupError);
    await expect(telegramSetup({ telegram: telegram(), webhookUrl: 'https://wegov.example/telegram/webhook', secret: 'has spaces', commands })).rejects.toThrow(/secret/);
    await expect(telegramSetup({ telegram: telegram(), webhookUrl: 'http://wegov.example/telegram/webhook', secret: SECRET, commands })).rejects.toThrow(/https/);
    expect(calls).toEqual([]);
  });

  it('a Bot API error propagates', async () => {
    const body = JSON.stringify({ ok: false, error_code: 400, description: 'Bad Request: bad webhook: HTTPS url must be provided for webhook' });
    nock(API).post(`/bot${TOKEN}/setWebhook`).reply(400, body, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) });
    await expect(
      telegramSetup({ telegram: telegram(), webhookUrl: 'https://wegov.example/telegram/webhook', secret: SECRET, commands: commandsFromLocales() }),
    ).rejects.toMatchObject({ code: 400 });
  });

  it('names missing and too-short descriptions', () => {
    const broken = {
      en: { telegram: { commands: { start: 'Start', menu: 'Menu', help: 'Help', cancel: 'Cancel', language: 'Language', forget: 'x' } } },
      de: { telegram: { commands: { start: 'Starten' } } },
    };
    expect(() => commandsFromLocales(broken, 'en')).toThrow(/de: telegram\.commands\.menu is missing/);
    expect(() => commandsFromLocales(broken, 'en')).toThrow(/en: the description of \/forget must be 3-256 characters \(it has 1\)/);
  });

  it('uses base languages, and one list per language', async () => {
    expect(languageCodeOf('es-MX')).toBe('es');
    expect(languageCodeOf('pt_BR')).toBe('pt');
    expect(languageCodeOf('fil')).toBeUndefined();
    const list = [{ command: 'start', description: 'Start it' }];
    const calls = interceptAll();
    const result = await telegramSetup({
      telegram: telegram(),
      commands: { defaultLocale: 'pt-BR', byLocale: { 'pt-PT': list, 'pt-BR': list, fil: list } },
    });
    expect(calls.slice(1).map((c) => c.body.language_code)).toEqual(['pt', undefined]);
    expect(result.skipped.map((s) => s.locale)).toEqual(['pt-PT', 'fil']);
  });
});

describe('wegov telegram:setup (CLI)', () => {
  const run = async (env: NodeJS.ProcessEnv) => {
    const out: string[] = [];
    const err: string[] = [];
    const { runTelegramSetup } = await import('../../../adapters/telegram/setup');
    const code = await runTelegramSetup(env, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('without a token: a clear error and exit 1, nothing sent', async () => {
    const calls = interceptAll();
    const { code, err, out } = await run({});
    expect(code).toBe(1);
    expect(err).toMatch(/TELEGRAM_BOT_TOKEN is not set.*@BotFather/);
    expect(out).toBe('');
    expect(calls).toEqual([]);
  });

  it('the main CLI knows the command', async () => {
    const { main } = await import('../../../src/cli/main');
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const saved = process.env.TELEGRAM_BOT_TOKEN;
    delete process.env.TELEGRAM_BOT_TOKEN;
    try {
      await expect(main(['telegram:setup'])).resolves.toBe(1);
      expect(write).toHaveBeenCalledWith(expect.stringMatching(/TELEGRAM_BOT_TOKEN is not set/));
    } finally {
      write.mockRestore();
      if (saved !== undefined) process.env.TELEGRAM_BOT_TOKEN = saved;
    }
  });

  it('webhook mode: registers and prints what it did, never the token', async () => {
    const calls = interceptAll();
    const { code, out, err } = await run({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_WEBHOOK_URL: 'https://wegov.example/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_API_ROOT: `${API}/`,
    });
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(calls.map((c) => c.method)).toEqual(['setWebhook', 'setMyCommands', 'setMyCommands', 'setMyCommands', 'setMyCommands', 'setMyCommands']);
    expect(out).toContain('webhook set: https://wegov.example/telegram/webhook');
    expect(out).toContain('commands set for language "ar": 7 (ar)');
    expect(out).toContain('commands set for language "fr": 7 (fr)');
    expect(out).toContain('commands set for every other language: 7 (en)');
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain(SECRET);
  });

  it('polling mode, and a failure that would quote the token does not print it', async () => {
    const calls = interceptAll();
    const ok = await run({ TELEGRAM_BOT_TOKEN: TOKEN });
    expect(ok.code).toBe(0);
    expect(calls[0]!.method).toBe('deleteWebhook');
    expect(ok.out).toContain('long polling');

    nock.cleanAll();
    nock(API).post(`/bot${TOKEN}/deleteWebhook`).replyWithError(Object.assign(new Error(`proxy refused ${API}/bot${TOKEN}/deleteWebhook`), { code: 'ECONNREFUSED' }));
    const failed = await run({ TELEGRAM_BOT_TOKEN: TOKEN });
    expect(failed.code).toBe(1);
    expect(failed.err).toMatch(/^telegram:setup failed: /);
    expect(failed.err).not.toContain(TOKEN);
    expect(failed.err).not.toContain('TEST');
  });

  it('a webhook URL without a secret is refused', async () => {
    const calls = interceptAll();
    const { code, err } = await run({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_URL: 'https://wegov.example/telegram/webhook' });
    expect(code).toBe(1);
    expect(err).toMatch(/secret token.*TELEGRAM_WEBHOOK_SECRET/);
    expect(calls).toEqual([]);
  });
});
