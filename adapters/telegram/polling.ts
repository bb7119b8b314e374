/**
 * Long polling (`getUpdates`) for when no public webhook URL is configured, e.g. on a laptop.
 * Updates are handled one after another and the offset only moves past an update once it was
 * handled, so a store outage retries the same update after a pause (dedupe keeps it single).
 * A 409 means a webhook is set for this bot: polling cannot run until it is removed. Empty
 * polls that come back at once are spaced out (see PollingOptions.idleFirstMs).
 */
import { TelegramError, type Telegram } from 'telegraf';
import type { Logger } from '../../src/log';
import { errorSummary } from '../../src/log';
import type { TelegramHandler } from './handler';
import { updateSchema } from './update-schema';

const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'my_chat_member'] as const;

export interface PollingOptions {
  /** getUpdates long-poll timeout, seconds (default 30). */
  timeoutSeconds?: number;
  /** Pause after a failure, ms (default 5000). */
  retryMs?: number;
  /**
   * After an empty poll that came back early (a server that does not hold the long poll, e.g. an
   * emulator, or `timeoutSeconds: 0`), the next poll waits this long, doubling per such poll up
   * to `idleMaxMs`; any update resets it. Defaults 250 and 5000 ms. Telegram itself holds an empty
   * poll for the whole timeout, so it never pauses there.
   */
  idleFirstMs?: number;
  idleMaxMs?: number;
}

export class TelegramPolling {
  private running = false;
  private loop: Promise<void> | undefined;
  private offset = 0;
  private idleMs = 0;
  private readonly abort = new AbortController();

  constructor(
    private readonly telegram: Telegram,
    private readonly handler: TelegramHandler,
    private readonly logger: Logger,
    private readonly opts: PollingOptions = {},
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.abort.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    this.logger.info('telegram long polling started');
    while (this.running) {
      try {
        const started = Date.now();
        const updates = await this.telegram.callApi(
          'getUpdates',
          { timeout: this.opts.timeoutSeconds ?? 30, limit: 100, offset: this.offset, allowed_updates: ALLOWED_UPDATES },
          // telegraf types its signal with the abort-controller polyfill; Node's own is what it gets.
          { signal: this.abort.signal as unknown as NonNullable<Parameters<Telegram['callApi']>[2]>['signal'] },
        );
        for (const raw of updates) {
          if (!this.running) return;
          const parsed = updateSchema.safeParse(raw);
          if (parsed.success) {
            const call = await this.handler.handle(parsed.data);
            if (call) await this.handler.execute(call);
          }
          this.offset = raw.update_id + 1;
        }
        await this.idle(updates.length === 0 && Date.now() - started < this.earlyMs());
      } catch (error) {
        if (!this.running) return;
        if (error instanceof TelegramError && error.code === 409) {
          this.logger.error('telegram polling refused: a webhook is set for this bot (unset TELEGRAM_WEBHOOK_URL means polling; delete the webhook or set the variable)');
        } else {
          this.logger.warn({ err: errorSummary(error) }, 'telegram polling failed; retrying');
        }
        await this.pause(this.opts.retryMs ?? 5000);
      }
    }
  }

  /** An empty poll back sooner than this did not long-poll. */
  private earlyMs(): number {
    return Math.max(1000, ((this.opts.timeoutSeconds ?? 30) * 1000) / 2);
  }

  /** Backs off between early empty polls (2,000 getUpdates/s otherwise); resets on anything else. */
  private async idle(early: boolean): Promise<void> {
    if (!early) {
      this.idleMs = 0;
      return;
    }
    const first = this.opts.idleFirstMs ?? 250;
    this.idleMs = this.idleMs === 0 ? first : Math.min(this.idleMs * 2, this.opts.idleMaxMs ?? 5000);
    await this.pause(this.idleMs);
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.abort.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
