/**
 * The Telegram adapter, assembled: telegraf's Bot API client (pointed at TELEGRAM_API_ROOT),
 * T2's sender (throttling, splitting, 429/403; documents uploaded from the modules' resolvers
 * with document-upload.ts), the update handler, and either the webhook
 * router (TELEGRAM_WEBHOOK_URL set) or long polling. Built by compose() when
 * TELEGRAM_BOT_TOKEN is set.
 */
import type { Router } from 'express';
import { Telegram } from 'telegraf';
import type { TelegramConfig } from '../../src/config';
import type { Logger } from '../../src/log';
import { errorSummary } from '../../src/log';
import type { DocumentResolver } from '../../src/modules/documents';
import type { ProactiveDelivery, RuntimeDeps } from '../../src/runtime/deps';
import type { MediaStore } from '../../src/state/types';
import { botApiDocumentUpload } from './document-upload';
import { chatIdOf, TelegramHandler } from './handler';
import { botApiFileFetcher, TelegramMediaStore } from './media';
import { TelegramPolling, type PollingOptions } from './polling';
import { Reachability } from './reachability';
import { TelegramSender, type TelegramSenderOptions } from './sender';
import { createTelegramWebhookRouter } from './webhook';

/** Test and embedding knobs. */
export interface TelegramAdapterOverrides {
  /** Skip getMe: the bot's username as BotFather shows it, without @. */
  botUsername?: string;
  /** Default true: start polling (no webhook configured) and look the bot up with getMe. */
  start?: boolean;
  sender?: Omit<Partial<TelegramSenderOptions>, 'telegram' | 'logger' | 'onUnreachable'>;
  polling?: PollingOptions;
}

/** What the process hands the adapter besides the runtime (from the modules' services). */
export interface TelegramAdapterServices {
  /** The files behind messages' document links (a sign-up's calendar file), uploaded as documents. */
  documents?: DocumentResolver;
}

/** The bot's API client, pointed at the configured Bot API server. */
export function createTelegramClient(config: TelegramConfig): Telegram {
  return new Telegram(config.botToken, { apiRoot: config.apiRoot });
}

/** The process's MediaStore, resolving Telegram photo references when a sink asks for them. */
export function telegramMedia(inner: MediaStore, telegram: Telegram, opts: { photoMaxBytes: number; ttlSeconds: number; logger: Logger }): MediaStore {
  return new TelegramMediaStore(inner, botApiFileFetcher(telegram, opts.photoMaxBytes), { ttlSeconds: opts.ttlSeconds, logger: opts.logger });
}

export class TelegramAdapter {
  readonly handler: TelegramHandler;
  readonly sender: TelegramSender;
  readonly reachability: Reachability;
  /** The webhook router (mount at /telegram), in webhook mode only. */
  readonly webhookRouter: Router | undefined;
  private readonly polling: TelegramPolling | undefined;
  private username: string | undefined;
  private readonly log: Logger;

  constructor(
    private readonly telegram: Telegram,
    private readonly config: TelegramConfig,
    runtime: RuntimeDeps,
    private readonly overrides: TelegramAdapterOverrides = {},
    services: TelegramAdapterServices = {},
  ) {
    this.log = runtime.logger.child({ component: 'telegram' });
    this.username = overrides.botUsername;
    this.reachability = new Reachability(runtime.media);
    this.sender = new TelegramSender({
      telegram,
      logger: runtime.logger,
      onUnreachable: (chatId) => this.reachability.set(chatId, false),
      ...(services.documents ? { documents: services.documents } : {}),
      uploadDocument: botApiDocumentUpload(config),
      ...overrides.sender,
    });
    this.handler = new TelegramHandler({
      runtime,
      telegram,
      sender: this.sender,
      reachability: this.reachability,
      botUsername: () => this.username,
      logger: runtime.logger,
    });
    this.webhookRouter = config.webhook ? createTelegramWebhookRouter(this.handler, { secret: config.webhook.secret, logger: runtime.logger }) : undefined;
    this.polling = config.webhook ? undefined : new TelegramPolling(telegram, this.handler, this.log, overrides.polling);
  }

  /** webhook or polling */
  get mode(): 'webhook' | 'polling' {
    return this.config.webhook ? 'webhook' : 'polling';
  }

  /** Looks the bot up (getMe, for group addressing) and starts polling when there is no webhook. */
  start(): void {
    if (this.overrides.start === false) return;
    if (this.username === undefined) {
      this.telegram.getMe().then(
        (me) => {
          this.username = me.username;
          this.log.info({ bot: me.username, mode: this.mode }, 'telegram bot connected');
        },
        (error: unknown) => this.log.error({ err: errorSummary(error) }, 'telegram getMe failed: check TELEGRAM_BOT_TOKEN and TELEGRAM_API_ROOT'),
      );
    }
    this.polling?.start();
  }

  /** Proactive delivery for the runtime's registry (status updates). */
  readonly proactive: ProactiveDelivery = async (conversationId, messages) => {
    const chatId = chatIdOf(conversationId);
    if (chatId === null || messages.length === 0) return;
    await this.handler.push(chatId, messages);
  };

  async stop(): Promise<void> {
    await this.polling?.stop();
    await this.sender.stop();
  }
}
