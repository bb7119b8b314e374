/**
 * Staff participation: a direct message with the app is a conversation like any other channel.
 * A DM `message` event -> a text turn; a choice button -> a choice turn; the reply is posted
 * as Block Kit. The adapter translates and never decides: the dialog is the engine's.
 *
 * Exactly once: a DM turn carries `slack:<event_id>` as its dedupe id, so Slack's retries
 * (X-Slack-Retry-Num) and a repeated event_id get the first reply back and nothing is posted
 * twice. A button press carries `slack:act:<message ts>:<action_ts>`.
 *
 * Form controls (form-controls.ts): a radio button or a select is a choice like a button; a
 * change of checkboxes carries the whole ticked set, which becomes one toggle turn per option
 * whose tick changed (the engine toggles a pick when its id comes again), and the question, asked
 * again with the new ticks, replaces the message in place. Done is a button.
 */
import { errorSummary } from '../../src/log';
import type { Logger } from '../../src/log';
import type { RuntimeDeps } from '../../src/runtime/deps';
import { refusedRecently } from '../../src/runtime/sender-gate';
import { runTurn, type TurnResult } from '../../src/runtime/turn';
import type { Input } from '../../src/engine/input';
import { negotiateLocale } from '../../src/engine/locale';
import { StoreUnavailableError, type StoredMessage } from '../../src/state/types';
import { currentQuestion, questionOf } from '../../src/runtime/question-version';
import type { types } from '@slack/bolt';
import { answeredFromPayload } from './answered-message';
import { decodeButton } from './button-value';
import { DONE, isAnswerChoice, isPicked, questionOfBlock, withoutMark } from './form-controls';
import { conversationIdOf, SLACK_CHANNEL } from './ids';
import type { SlackPoster } from './poster';
import { escapeMrkdwn, noticeBlocks, SLACK_TEXT, slackText, toSlack } from './render';

type KnownBlock = types.KnownBlock;

/** Longest text handed to the engine (Slack messages can be up to 40,000 characters). */
export const MAX_TEXT_CHARS = 20_000;

/** The fields of a `message` event the adapter reads. */
export interface SlackMessageEvent {
  type: string;
  channel?: string;
  channel_type?: string;
  user?: string;
  text?: string;
  bot_id?: string;
  subtype?: string;
}

/** A DM text message from a person (not a bot, not an edit or a join), else null. */
export function directMessageOf(event: SlackMessageEvent, botUserId: string | undefined): { channel: string; user: string; text: string } | null {
  if (event.type !== 'message' || event.channel_type !== 'im') return null;
  if (event.bot_id !== undefined || event.subtype !== undefined) return null;
  if (!event.channel || !event.user || event.user === botUserId) return null;
  const text = (event.text ?? '').trim();
  if (text === '' || text.length > MAX_TEXT_CHARS) return null;
  return { channel: event.channel, user: event.user, text };
}

/** The reply when it is only the checkbox question asked again (a tick taken), else undefined. */
function askedAgain(result: TurnResult): StoredMessage | undefined {
  if (result.kind !== 'ok' || result.duplicate || result.refused || result.messages.length !== 1) return undefined;
  const [m] = result.messages;
  return m?.control === 'checkbox' ? m : undefined;
}

/** What the answered message says was answered: the pressed label, the choice's own, or for Done the picks. */
function answeredLabel(question: StoredMessage, choiceId: string, pressed: string | undefined): string {
  const choices = question.choices ?? [];
  if (question.control === 'checkbox' && choiceId === DONE) {
    const picks = choices.filter((c) => isAnswerChoice(c.id) && isPicked(c.label)).map((c) => withoutMark(c.label));
    if (picks.length > 0) return picks.join(', ');
  }
  return pressed ?? choices.find((c) => c.id === choiceId)?.label ?? choiceId;
}

/** A pressed WeGov choice button, as the adapter reads it from a block_actions payload. */
export interface ChoicePress {
  teamId: string;
  userId: string;
  channel: string;
  /** The message the button was on. */
  messageTs: string | undefined;
  actionTs: string;
  value: string | undefined;
  /** The button's label (shown in the answered message); unset: the choice's own label (radio buttons, selects). */
  label?: string;
  /** The payload's `message` (the one the control was on, as Slack holds it): answered-message.ts. */
  message?: unknown;
}

/** A change of a checkbox group (or multi-select): every option ticked now. */
export interface PicksChange {
  teamId: string;
  userId: string;
  channel: string;
  messageTs: string | undefined;
  actionTs: string;
  /** The control's block id (`wegov_q:<question>:<n>`): an emptied group sends no value to read it from. */
  blockId: string | undefined;
  values: string[];
}

export class SlackDm {
  private readonly log: Logger;
  /** Messages and presses being answered now (see idle). */
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly runtime: RuntimeDeps,
    private readonly poster: SlackPoster,
    logger: Logger,
    /** The person's Slack language, the hint for their conversation's language. */
    private readonly userLocale?: (userId: string) => Promise<string | undefined>,
    /** What the engine may know of the person each turn (staff-audience.ts: user id, listed channels they are in). */
    private readonly facts?: (userId: string) => Promise<Record<string, string>>,
  ) {
    this.log = logger.child({ component: 'slack' });
  }

  /** One DM message -> one turn -> the reply. Never throws: failures are answered politely. */
  async message(teamId: string, eventId: string, dm: { channel: string; user: string; text: string }): Promise<void> {
    // Fast path: refused lately (over the limit, or blocked) and already told: no work at all.
    if (refusedRecently(this.runtime, conversationIdOf(teamId, dm.user))) return;
    await this.guard(dm.channel, teamId, dm.user, async () => {
      const result = await this.turn(teamId, dm.user, { kind: 'text', text: dm.text }, `slack:${eventId}`);
      await this.reply(dm.channel, teamId, dm.user, result);
    });
  }

  /** A choice button: a closed question is answered "closed"; otherwise the answer is shown in place of the buttons and the dialog moves on. */
  async choice(press: ChoicePress): Promise<void> {
    if (refusedRecently(this.runtime, conversationIdOf(press.teamId, press.userId))) return;
    await this.guard(press.channel, press.teamId, press.userId, async () => {
      const decoded = decodeButton(press.value);
      const conversationId = conversationIdOf(press.teamId, press.userId);
      const closed = async (locale?: string): Promise<void> => {
        await this.poster.ephemeral(press.channel, press.userId, slackText(this.runtime.i18n, SLACK_TEXT.closed, locale ?? (await this.localeOf(press.teamId, press.userId))));
      };
      if (decoded === null) return closed();
      // The message to mark answered, from the payload when it says it exactly (no read: the turn's commit is the
      // press's one Redis call), else from the transcript. Whether its question is still the one asked is the turn's to say (turn.ts `question`).
      const fromPayload = answeredFromPayload(press.message, decoded.question, decoded.choiceId, press.label);
      const history = fromPayload ? [] : await this.runtime.store.history(conversationId);
      const question = [...history].reverse().find((m) => m.from === 'bot' && m.choices?.some((c) => c.id === decoded.choiceId));
      const result = await this.turn(press.teamId, press.userId, { kind: 'choice', choiceId: decoded.choiceId }, `slack:act:${press.messageTs ?? ''}:${press.actionTs}`, decoded.question);
      if (result.kind === 'closed') return closed(result.locale);
      if (result.kind === 'ok' && !result.duplicate && !result.refused && press.messageTs !== undefined) {
        if (fromPayload) {
          // In the language of the reply (the conversation's, after the press).
          const lang = result.messages[0]?.lang ?? (await this.localeOf(press.teamId, press.userId));
          await this.poster.update(press.channel, press.messageTs, { text: fromPayload.text, blocks: [...fromPayload.blocks, this.pickedBlock(fromPayload.label, lang)] });
        } else if (question) {
          await this.markAnswered(press.channel, press.messageTs, question, answeredLabel(question, decoded.choiceId, press.label));
        }
      }
      await this.reply(press.channel, press.teamId, press.userId, result);
    });
  }

  /**
   * Checkboxes changed: one toggle per option whose tick differs from the picks the question
   * was asked with; the question asked again replaces the message (its ticks, its new version).
   * A group of a question that is no longer the current one is answered "closed", like a button.
   */
  async picks(change: PicksChange): Promise<void> {
    if (refusedRecently(this.runtime, conversationIdOf(change.teamId, change.userId))) return;
    await this.guard(change.channel, change.teamId, change.userId, async () => {
      const version = questionOfBlock(change.blockId);
      const decoded = change.values.map(decodeButton);
      const history = await this.runtime.store.history(conversationIdOf(change.teamId, change.userId));
      const asked = [...history].reverse().find((m) => m.from === 'bot' && m.control === 'checkbox' && questionOf(m) === version);
      if (version === null || currentQuestion(history) !== version || !asked || decoded.some((d) => d === null || d.question !== version)) {
        await this.poster.ephemeral(change.channel, change.userId, slackText(this.runtime.i18n, SLACK_TEXT.closed, await this.localeOf(change.teamId, change.userId)));
        return;
      }
      const ticked = new Set(decoded.map((d) => d?.choiceId));
      // Unticks first, so a swap at the maximum (a multi-select sends several changes at once) never counts one too many.
      const changed = (asked.choices ?? []).filter((c) => isAnswerChoice(c.id) && isPicked(c.label) !== ticked.has(c.id));
      const toggles = [...changed.filter((c) => isPicked(c.label)), ...changed.filter((c) => !isPicked(c.label))].map((c) => c.id);
      let result: TurnResult | undefined;
      for (const [n, choiceId] of toggles.entries()) {
        result = await this.turn(change.teamId, change.userId, { kind: 'choice', choiceId }, `slack:act:${change.messageTs ?? ''}:${change.actionTs}${n > 0 ? `:${n}` : ''}`);
        // Stop at anything but the question asked again (a refusal, "too many", the "Other" text).
        if (askedAgain(result) === undefined) break;
      }
      if (result === undefined) return;
      const again = askedAgain(result);
      if (again !== undefined && change.messageTs !== undefined) {
        const parts = toSlack(again, this.runtime.i18n);
        const last = parts[parts.length - 1];
        if (last) await this.poster.update(change.channel, change.messageTs, last);
        return;
      }
      if (result.kind === 'ok' && !result.duplicate && !result.refused && change.messageTs !== undefined) await this.markAnswered(change.channel, change.messageTs, asked);
      await this.reply(change.channel, change.teamId, change.userId, result);
    });
  }

  /** Proactive messages (status updates) to a person's DM (a user id opens it). */
  async push(userId: string, messages: readonly StoredMessage[]): Promise<void> {
    await this.poster.post(userId, messages.flatMap((m) => toSlack(m, this.runtime.i18n)));
  }

  /** `question`: the pressed button's (turn.ts TurnRequest.question): `closed` when it is no longer the one asked. */
  private async turn(teamId: string, userId: string, input: Input, dedupeId: string, question?: number): Promise<TurnResult> {
    const localeHint = await this.userLocale?.(userId);
    const channelFacts = await this.facts?.(userId);
    return runTurn(this.runtime, {
      conversationId: conversationIdOf(teamId, userId),
      channel: SLACK_CHANNEL,
      input,
      dedupeId,
      person: `slack-user:${teamId}:${userId}`,
      create: { channelData: {} },
      limit: true,
      ...(question !== undefined ? { question } : {}),
      ...(channelFacts !== undefined ? { channelFacts } : {}),
      ...(localeHint !== undefined ? { localeHint } : {}),
    });
  }

  private async reply(channel: string, teamId: string, userId: string, result: TurnResult): Promise<void> {
    if (result.kind === 'ok') {
      // A duplicate (Slack retried, or the same event twice): the reply was posted the first time.
      if (result.duplicate) {
        this.log.info('duplicate slack input; not answered again');
        return;
      }
      await this.poster.post(channel, result.messages.flatMap((m) => toSlack(m, this.runtime.i18n)));
      return;
    }
    const key = result.kind === 'busy' ? SLACK_TEXT.busy : SLACK_TEXT.error;
    await this.poster.post(channel, [noticeBlocks(slackText(this.runtime.i18n, key, await this.localeOf(teamId, userId)))]);
  }

  /** The answered question's controls are replaced by the answer (or just removed), so they cannot be used again. */
  private async markAnswered(channel: string, ts: string, question: StoredMessage, label?: string): Promise<void> {
    // The question as it was posted (its last part: the one that carried the controls), without them.
    const posted = toSlack({ ...question, choices: [] }, this.runtime.i18n);
    const last = posted[posted.length - 1] ?? noticeBlocks(question.text);
    const picked = label === undefined ? [] : [this.pickedBlock(label, question.lang)];
    await this.poster.update(channel, ts, { text: last.text, blocks: [...last.blocks, ...picked] });
  }

  /** The line under an answered question saying what was answered. */
  private pickedBlock(label: string, lang: string): KnownBlock {
    return { type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(slackText(this.runtime.i18n, SLACK_TEXT.picked, lang, { label })) }] };
  }

  /** Runs `work`; an unexpected failure (the store included) is logged and answered politely. */
  /**
   * Resolves when every message and button press under way has been answered (shutdown, and
   * tests, which cannot otherwise tell a reply of several posts is complete).
   */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private guard(channel: string, teamId: string, userId: string, work: () => Promise<void>): Promise<void> {
    const run = this.answer(channel, teamId, userId, work);
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
    return run;
  }

  private async answer(channel: string, teamId: string, userId: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.log.error({ err: errorSummary(error) }, 'slack direct message failed');
      const locale = error instanceof StoreUnavailableError ? this.runtime.env.locales[0] ?? 'en' : await this.localeOf(teamId, userId).catch(() => 'en');
      await this.poster.post(channel, [noticeBlocks(slackText(this.runtime.i18n, SLACK_TEXT.error, locale))]);
    }
  }

  /** The conversation's language when there is one, else the person's Slack language, else the jurisdiction's default. */
  async localeOf(teamId: string, userId: string): Promise<string> {
    const loaded = await this.runtime.store.load(conversationIdOf(teamId, userId));
    const locale = (loaded.conversation?.session as { locale?: unknown } | undefined)?.locale;
    if (typeof locale === 'string' && this.runtime.env.locales.includes(locale)) return locale;
    return negotiateLocale(await this.userLocale?.(userId), this.runtime.env.locales);
  }
}
