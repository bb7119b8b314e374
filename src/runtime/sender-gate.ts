/**
 * The check before every turn a person starts (runTurn's first step): is this conversation
 * blocked by staff, or over its per-minute message limit? Either way the input is not
 * processed: nothing is loaded, stepped, stored or forwarded. The person hears one polite reply
 * in their language: once per minute window for the limit, once a day for a block; every other
 * refused message gets no reply at all (a reply per dropped message would make the bot spam).
 *
 * Agency inputs (status updates, staff questions) are never refused: they are not the
 * person's messages. Nor are the person's data rights: "my data" and "delete my data" (and the
 * answers to those dialogs) go through a block. The limit counts only turns whose adapter asks for it (`limit: true`:
 * Telegram, Slack; the web chat API has HTTP rate limits of its own); the block applies to
 * every channel. The conversation id is opaque here: no channel is named.
 *
 * One round trip for an ordinary message (issue 15): a turn's message is counted in the turn's
 * own commit (`limitAllowance`: the per-minute window and its burst window, in the
 * conversation's slot), and the block list is asked at most every 10 s per conversation (a
 * recent "not blocked" is trusted: RecentRefusals.clearedMs), so a block set in another process
 * reaches a conversation under way within seconds. A message answered without a turn (a
 * sticker: `screenNotice`) is counted in the same windows by a call of its own
 * (SessionStore.countMessage), after the same block check.
 */
import { isDataRightsTurn } from '../engine/data-rights';
import type { Input } from '../engine/input';
import { localized, negotiateLocale } from '../engine/locale';
import type { Session } from '../engine/session';
import type { Text } from '../engine/text';
import { MINUTE_MS, type LimitPolicy } from '../abuse/types';
import { messageId, type Allowance, type StoredMessage } from '../state/types';
import type { RuntimeDeps } from './deps';

/** Why a turn was refused (a metric label, and `refused` on the result). */
export type Refusal = 'rate_limited' | 'blocked';

/**
 * What the gate reads of a turn's request (turn.ts TurnRequest; named here rather than imported
 * because turn.ts imports this file).
 */
export interface ScreenedTurn {
  conversationId: string;
  input: Input;
  localeHint?: string;
  limit?: boolean;
  /** `fresh`: a conversation id the adapter has just drawn (turn.ts TurnRequest.create). */
  create?: { fresh?: boolean };
}

/** A refused turn's answer: turn.ts's `ok` TurnResult with `refused` set. */
export interface RefusedTurn {
  kind: 'ok';
  messages: StoredMessage[];
  version: number;
  duplicate: boolean;
  refused: Refusal;
}

/**
 * True when this process refused the conversation's messages lately for going over the limit:
 * adapters skip their own work then. A blocked sender's messages still reach the runtime (where
 * the block is answered without I/O), because "my data" and "delete my data" go through a block.
 */
export function refusedRecently(deps: Pick<RuntimeDeps, 'abuse' | 'env'>, conversationId: string): boolean {
  return deps.abuse?.recent.refused(conversationId, deps.env.now().getTime()) === 'rate_limited';
}

/** Null: go on with the turn. Otherwise the turn's answer (the polite reply, or nothing). */
export async function screenTurn(deps: RuntimeDeps, req: ScreenedTurn): Promise<RefusedTurn | null> {
  if (req.input.kind === 'status_update' || req.input.kind === 'agency_question' || req.input.kind === 'notice') return null;
  // An id drawn just now (a new web chat session) has no block: no round trip for it, nor for
  // its next turns while that is recent.
  if (req.create?.fresh === true) {
    deps.abuse?.recent.rememberCleared(req.conversationId, deps.env.now().getTime());
    return null;
  }
  // Only the block here: a turn's message is counted in its commit (limitAllowance).
  const verdict = await screenSender(deps, req);
  // A block stops reports, never the person's data rights ("my data", "delete my data").
  if (verdict?.refused === 'blocked' && (await dataRightsTurn(deps, req))) return null;
  return verdict;
}

/** One session read, only for a blocked sender's message (rare). */
async function dataRightsTurn(deps: RuntimeDeps, req: ScreenedTurn): Promise<boolean> {
  if (isDataRightsTurn(req.input, null, deps.env)) return true;
  const loaded = await deps.store.load(req.conversationId);
  const stack = (loaded.conversation?.session as { stack?: unknown } | undefined)?.stack;
  return Array.isArray(stack) && isDataRightsTurn(req.input, { stack: stack as Session['stack'] }, deps.env);
}

/** What identifies a message for the check. */
export type SenderMessage = Pick<ScreenedTurn, 'conversationId' | 'localeHint'>;

/**
 * A person's message answered without a turn (a Telegram sticker gets "I can't use that"): a
 * flood of those must not make the bot answer each one either. Refused as a turn would be
 * (blocked, or over the limit), and counted in the same windows as the conversation's turns
 * (SessionStore.countMessage), so stickers and typed messages together get one limit.
 */
export async function screenNotice(deps: RuntimeDeps, req: SenderMessage): Promise<RefusedTurn | null> {
  const verdict = await screenSender(deps, req);
  const policy = deps.abuse?.policy;
  if (verdict || !policy) return verdict;
  const counted = await deps.store.countMessage(req.conversationId, limitAllowance(policy, deps.env.now().getTime()));
  return counted.ok ? null : refuseOverLimit(deps, req, counted);
}

/**
 * Is the sender refused: over the limit lately (known here), or blocked (asked of the abuse
 * store)? A recent "not blocked" is trusted: most messages then skip the store's round trip (a
 * block reaches a conversation under way within seconds). Counts nothing.
 */
async function screenSender(deps: RuntimeDeps, req: SenderMessage): Promise<RefusedTurn | null> {
  const abuse = deps.abuse;
  if (!abuse) return null;
  const now = deps.env.now().getTime();
  const lately = abuse.recent.refused(req.conversationId, now);
  if (lately !== null) return refused(lately, []);
  if (abuse.recent.clearedRecently(req.conversationId, now)) return null;
  const admission = await abuse.store.admit(req.conversationId, { nowMs: now });
  switch (admission.kind) {
    case 'allowed':
      abuse.recent.rememberCleared(req.conversationId, now);
      return null;
    case 'blocked': {
      abuse.recent.remember(req.conversationId, Math.min(now + abuse.recent.blockedMs, Date.parse(admission.entry.expiresAt)), 'blocked');
      deps.logger.info({ refused: 'blocked', notified: admission.notify }, 'message from a blocked conversation; not processed');
      if (!admission.notify) return refused('blocked', []);
      // "contact <the agency>": the agency whose staff blocked it, by its name in the catalogue.
      const agency = deps.env.catalog.agencies.find((a) => a.id === admission.entry.agencyId);
      const fallback = deps.env.catalog.jurisdiction.defaultLocale;
      return refused(
        'blocked',
        await reply(deps, req, (locale) =>
          agency ? [{ key: 'abuse.blocked_agency', args: { agency: localized(agency.name, locale, fallback) } }] : [{ key: 'abuse.blocked' }],
        ),
      );
    }
  }
}

/**
 * The message limit as a turn's commit counts it, at `nowMs` (the app's clock): the minute's
 * window and its burst window, each starting with its first message, the first refusal told.
 */
export function limitAllowance(policy: LimitPolicy, nowMs: number): Allowance {
  return { perWindow: policy.perMinute, windowMs: MINUTE_MS, burst: { perWindow: policy.burst, windowMs: policy.burstWindowMs }, notify: true, nowMs };
}

/**
 * A turn whose commit found the sender over the limit (`limitAllowance`): refused, remembered
 * until the window (or burst window) ends so that adapters skip the next ones without any I/O,
 * and answered with the polite reply only when this is the window's first refusal.
 */
export async function refuseOverLimit(deps: RuntimeDeps, req: SenderMessage, limited: { resetAtMs: number; notify?: boolean }): Promise<RefusedTurn> {
  deps.abuse?.recent.remember(req.conversationId, limited.resetAtMs, 'rate_limited');
  const notify = limited.notify === true;
  deps.logger.info({ refused: 'rate_limited', notified: notify }, 'message over the per-minute limit; not processed');
  return refused('rate_limited', notify ? await reply(deps, req, () => [{ key: 'abuse.rate_limited' }]) : []);
}

function refused(why: Refusal, messages: StoredMessage[]): RefusedTurn {
  return { kind: 'ok', messages, version: 0, duplicate: false, refused: why };
}

/**
 * The reply, in the conversation's language (one load: refusals that are answered are rare),
 * else the channel's hint. Not stored: the transcript is the conversation's, and nothing of a
 * refused turn is kept. Its id sorts after the conversation's last message.
 */
async function reply(deps: RuntimeDeps, req: SenderMessage, text: (locale: string) => Text[]): Promise<StoredMessage[]> {
  const loaded = await deps.store.load(req.conversationId);
  const stored = (loaded.conversation?.session as { locale?: unknown } | undefined)?.locale;
  const locale = typeof stored === 'string' && deps.env.locales.includes(stored) ? stored : negotiateLocale(req.localeHint, deps.env.locales);
  return [
    {
      id: messageId(loaded.conversation?.version ?? 0, 999),
      from: 'bot',
      text: deps.i18n.renderText(text(locale), locale),
      expects: 'none',
      lang: locale,
      createdAt: deps.env.now().toISOString(),
    },
  ];
}
