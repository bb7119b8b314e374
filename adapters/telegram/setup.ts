/**
 * One-off bot registration (`wegov telegram:setup`): where Telegram delivers updates, and the
 * command list people see behind the "/" button, in every shipped language.
 *
 * - Webhook mode: `setWebhook(url, { secret_token, allowed_updates, drop_pending_updates:
 *   false })`. Telegram then sends the secret in the `X-Telegram-Bot-Api-Secret-Token` header
 *   of every update (1-256 characters of A-Z a-z 0-9 _ -); `allowed_updates` limits delivery
 *   to the update kinds the adapter handles. Pending updates are kept, so switching modes
 *   loses no citizen's message.
 * - Polling mode (no webhook URL): `deleteWebhook` (pending updates kept too), since
 *   getUpdates refuses to work while a webhook is set.
 * - Commands: `setMyCommands` once per shipped locale with `language_code` (the locale's base
 *   language: Telegram takes a two-letter ISO 639-1 code and matches it against the user's app
 *   language), then once without `language_code`: the default locale's list, for everyone else.
 *   Descriptions come from `telegram.commands.<command>` in locales/<locale>.json.
 */
import type { Telegram } from 'telegraf';
import { readLocaleFiles } from '../../src/i18n';

/** The commands the bot handles, in menu order. */
export const BOT_COMMANDS = ['start', 'menu', 'help', 'cancel', 'language', 'mydata', 'forget'] as const;
export type BotCommandName = (typeof BOT_COMMANDS)[number];

/** Update kinds the adapter handles; Telegram does not deliver the others. */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'my_chat_member'] as const;

export interface BotCommand {
  command: string;
  description: string;
}

/** The command list in each shipped locale. */
export interface LocalizedCommands {
  /** Its list is also registered without language_code, for every other language. */
  defaultLocale: string;
  /** Locale (as in locales/<locale>.json) to its command list. */
  byLocale: Record<string, BotCommand[]>;
}

export interface TelegramSetupOptions {
  telegram: Telegram;
  /** Set: webhook mode (https URL, ending in /telegram/webhook). Unset: polling. */
  webhookUrl?: string;
  /** Required with webhookUrl: Telegram echoes it in X-Telegram-Bot-Api-Secret-Token. */
  secret?: string;
  commands: LocalizedCommands;
  /** Accept an http:// webhook URL (a self-hosted Bot API server allows it). Default false. */
  allowHttpWebhook?: boolean;
}

export interface TelegramSetupResult {
  mode: 'webhook' | 'polling';
  /** The URL registered (webhook mode). */
  webhookUrl?: string;
  /** One entry per setMyCommands call: the language_code used (undefined: the default list). */
  commandLists: { languageCode: string | undefined; locale: string; commands: number }[];
  /** Locales whose commands were not registered under their own language, and why. */
  skipped: { locale: string; reason: string }[];
}

/** Bad input to telegramSetup (nothing was sent to Telegram). */
export class TelegramSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TelegramSetupError';
  }
}

const SECRET_TOKEN = /^[A-Za-z0-9_-]{1,256}$/;
const COMMAND_NAME = /^[a-z0-9_]{1,32}$/;
/** Telegram documents 1-256 today (3-256 in older Bot API versions): 3 satisfies both. */
const DESCRIPTION_MIN = 3;
const DESCRIPTION_MAX = 256;

/** A locale's base language as Telegram wants it: `es-MX` -> `es`; undefined if not ISO 639-1. */
export function languageCodeOf(locale: string): string | undefined {
  const base = locale.split(/[-_]/)[0]?.toLowerCase() ?? '';
  return /^[a-z]{2}$/.test(base) ? base : undefined;
}

/**
 * Builds the command lists from the shipped locale files (`telegram.commands.*`). Throws
 * TelegramSetupError naming every missing or out-of-range description.
 */
export function commandsFromLocales(
  files: Record<string, Record<string, unknown>> = readLocaleFiles(),
  defaultLocale = 'en',
): LocalizedCommands {
  if (!(defaultLocale in files)) throw new TelegramSetupError(`default locale "${defaultLocale}" is not shipped`);
  const problems: string[] = [];
  const byLocale: Record<string, BotCommand[]> = {};
  for (const [locale, resource] of Object.entries(files)) {
    const telegram = resource.telegram as { commands?: Record<string, unknown> } | undefined;
    const descriptions = telegram?.commands ?? {};
    byLocale[locale] = BOT_COMMANDS.map((command) => {
      const description = descriptions[command];
      if (typeof description !== 'string') {
        problems.push(`${locale}: telegram.commands.${command} is missing`);
        return { command, description: '' };
      }
      return { command, description: description.trim() };
    });
  }
  const commands = { defaultLocale, byLocale };
  problems.push(...validateCommands(commands));
  if (problems.length > 0) throw new TelegramSetupError(`bad bot command descriptions:\n  ${problems.join('\n  ')}`);
  return commands;
}

function validateCommands(commands: LocalizedCommands): string[] {
  const problems: string[] = [];
  if (!(commands.defaultLocale in commands.byLocale)) problems.push(`no command list for the default locale "${commands.defaultLocale}"`);
  for (const [locale, list] of Object.entries(commands.byLocale)) {
    if (list.length === 0 || list.length > 100) problems.push(`${locale}: between 1 and 100 commands are allowed`);
    for (const { command, description } of list) {
      if (!COMMAND_NAME.test(command)) problems.push(`${locale}: "${command}" is not 1-32 of a-z, 0-9, _`);
      const length = description.length;
      if (description !== '' && (length < DESCRIPTION_MIN || length > DESCRIPTION_MAX)) {
        problems.push(`${locale}: the description of /${command} must be ${DESCRIPTION_MIN}-${DESCRIPTION_MAX} characters (it has ${length})`);
      }
    }
  }
  return problems;
}

function validateWebhook(url: string, secret: string | undefined, allowHttp: boolean): void {
  if (!URL.canParse(url)) throw new TelegramSetupError('the webhook URL is not a valid URL');
  const protocol = new URL(url).protocol;
  if (protocol !== 'https:' && !(allowHttp && protocol === 'http:')) {
    throw new TelegramSetupError('the webhook URL must start with https:// (Telegram only calls https webhooks)');
  }
  if (secret === undefined || !SECRET_TOKEN.test(secret)) {
    throw new TelegramSetupError('a webhook needs a secret token of 1-256 characters: A-Z, a-z, 0-9, _ and - (TELEGRAM_WEBHOOK_SECRET)');
  }
}

/**
 * Registers the webhook (or removes it, for polling) and the localized command lists. Input is
 * validated before any call; Bot API errors (telegraf's TelegramError) propagate to the caller.
 * Safe to run again: every call overwrites the previous setting.
 */
export async function telegramSetup(opts: TelegramSetupOptions): Promise<TelegramSetupResult> {
  const { telegram, webhookUrl, secret, commands } = opts;
  if (webhookUrl !== undefined) validateWebhook(webhookUrl, secret, opts.allowHttpWebhook ?? false);
  const problems = validateCommands(commands);
  if (problems.length > 0) throw new TelegramSetupError(`bad bot commands:\n  ${problems.join('\n  ')}`);

  if (webhookUrl !== undefined) {
    await telegram.setWebhook(webhookUrl, {
      secret_token: secret,
      allowed_updates: [...ALLOWED_UPDATES],
      drop_pending_updates: false,
    });
  } else {
    await telegram.deleteWebhook({ drop_pending_updates: false });
  }

  const commandLists: TelegramSetupResult['commandLists'] = [];
  const skipped: TelegramSetupResult['skipped'] = [];
  const registered = new Map<string, string>();
  // The default locale first, so it wins its language when two locales share one (pt-BR, pt-PT).
  const locales = [commands.defaultLocale, ...Object.keys(commands.byLocale).filter((l) => l !== commands.defaultLocale)];
  for (const locale of locales) {
    const list = commands.byLocale[locale] ?? [];
    const languageCode = languageCodeOf(locale);
    if (languageCode === undefined) {
      skipped.push({ locale, reason: 'not a two-letter ISO 639-1 language' });
      continue;
    }
    const taken = registered.get(languageCode);
    if (taken !== undefined) {
      skipped.push({ locale, reason: `language "${languageCode}" already has ${taken}'s commands` });
      continue;
    }
    await telegram.setMyCommands(list, { language_code: languageCode });
    registered.set(languageCode, locale);
    commandLists.push({ languageCode, locale, commands: list.length });
  }
  const fallback = commands.byLocale[commands.defaultLocale] ?? [];
  await telegram.setMyCommands(fallback);
  commandLists.push({ languageCode: undefined, locale: commands.defaultLocale, commands: fallback.length });

  return {
    mode: webhookUrl !== undefined ? 'webhook' : 'polling',
    ...(webhookUrl !== undefined ? { webhookUrl } : {}),
    commandLists,
    skipped,
  };
}

/** Where `wegov telegram:setup` writes (process.stdout/stderr in the CLI; captured in tests). */
export interface CliOutput {
  out: (line: string) => void;
  err: (line: string) => void;
}

/**
 * `wegov telegram:setup`: reads TELEGRAM_BOT_TOKEN, TELEGRAM_WEBHOOK_URL,
 * TELEGRAM_WEBHOOK_SECRET and TELEGRAM_API_ROOT from `env` (directly for now, with the same
 * rules as src/config.ts), registers the bot, prints what it did; resolves to the exit code.
 * The token is never printed, not even inside an error message.
 */
export async function runTelegramSetup(env: NodeJS.ProcessEnv, io: CliOutput): Promise<number> {
  const value = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const token = value('TELEGRAM_BOT_TOKEN');
  if (token === undefined) {
    io.err('telegram:setup: TELEGRAM_BOT_TOKEN is not set. Create a bot with @BotFather in Telegram and set TELEGRAM_BOT_TOKEN to the token it gives you.');
    return 1;
  }
  const scrub = (text: string): string => text.split(token).join('[bot token]');
  if (!/^\d+:[A-Za-z0-9_-]+$/.test(token)) {
    io.err('telegram:setup: TELEGRAM_BOT_TOKEN does not look like a bot token (123456:ABC-DEF..., from @BotFather).');
    return 1;
  }
  const apiRoot = (value('TELEGRAM_API_ROOT') ?? 'https://api.telegram.org').replace(/(?<!\/)\/+$/, '');
  if (!URL.canParse(apiRoot) || !['http:', 'https:'].includes(new URL(apiRoot).protocol)) {
    io.err('telegram:setup: TELEGRAM_API_ROOT must be an http(s):// URL.');
    return 1;
  }
  const webhookUrl = value('TELEGRAM_WEBHOOK_URL');
  const secret = value('TELEGRAM_WEBHOOK_SECRET');
  try {
    const { Telegram: TelegramClient } = await import('telegraf');
    const result = await telegramSetup({
      telegram: new TelegramClient(token, { apiRoot }),
      ...(webhookUrl !== undefined ? { webhookUrl } : {}),
      ...(secret !== undefined ? { secret } : {}),
      commands: commandsFromLocales(),
    });
    if (result.mode === 'webhook') {
      io.out(`webhook set: ${result.webhookUrl ?? ''} (with secret token; updates: ${ALLOWED_UPDATES.join(', ')})`);
    } else {
      io.out('webhook removed: the bot uses long polling (start WeGov without TELEGRAM_WEBHOOK_URL)');
    }
    for (const list of result.commandLists) {
      io.out(
        list.languageCode === undefined
          ? `commands set for every other language: ${list.commands} (${list.locale})`
          : `commands set for language "${list.languageCode}": ${list.commands} (${list.locale})`,
      );
    }
    for (const s of result.skipped) io.out(`commands not set for locale ${s.locale}: ${s.reason}`);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
    io.err(`telegram:setup failed: ${scrub(message)}`);
    return 1;
  }
}
