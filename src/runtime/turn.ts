import { performance } from 'node:perf_hooks';
import { applyLocaleHint, negotiateLocale, newSession, restoreSession } from '../engine';
import type { EngineEvent } from '../engine/events';
import type { Input } from '../engine/input';
import { sanitizeInput } from '../engine/sanitize-text';
import { isOpen } from '../engine/result-ref';
import type { Session } from '../engine/session';
import type { StepResult } from '../engine/step-result';
import { SessionText, sessionJson } from '../state/commit-request';
import { StoreUnavailableError, type Allowance, type LoadResult, type StoredMessage, type Submission } from '../state/types';
import type { RuntimeDeps } from './deps';
import type { TurnOutcome } from '../metrics';
import { fillDataExportLinks } from '../privacy/data-export-link';
import { renderTurn } from './render';
import { limitAllowance, refuseOverLimit, screenTurn, type Refusal } from './sender-gate';
import { storedMeta } from './stored-meta';
import { submissionsOf } from './submissions';
import { withReportRecords } from './report-records';
import { withReferenceOwners } from './reference-blocks';
import { REPORTS_SCOPE } from '../cases/report-record';
import { claimOnce, onceAnswered, participantId, personOf, releaseClaims } from './once-claims';
import { runEffects } from './effects';
import { withGeocoded } from './geocoding';
import { knownWithoutLoad, rememberCommitted, type Known } from './session-cache';
import { currentQuestion } from './question-version';

/** One input for one conversation, as an adapter hands it over. */
export interface TurnRequest {
  conversationId: string;
  /** The channel's name (metrics label; recorded on a new session). */
  channel: string;
  input: Input;
  /** The channel's own id for this input, namespaced by the adapter (e.g. `wc:<clientMessageId>`). */
  dedupeId?: string;
  /** A language hint (e.g. Accept-Language); applied until the person picks a language. */
  localeHint?: string;
  /**
   * Create the conversation when it does not exist yet, with this adapter data. `fresh`: the id
   * was just minted, so the conversation cannot exist yet and is not loaded (were it there, the
   * commit's conflict would say so).
   */
  create?: { channelData: Record<string, string>; fresh?: boolean };
  /** Checked on the stored session before anything else is answered (duplicates included). */
  authorize?: (session: Session) => boolean;
  /** Count this input against the sender's per-minute message limit (sender-gate.ts). */
  limit?: boolean;
  /**
   * The question a pressed button belongs to (the turn version of the message that asked it:
   * question-version.ts): when it is not the question being asked now, the turn is `closed` and
   * nothing is processed. A button of the conversation's last turn is the question asked now
   * (the commit's compare-and-set makes sure that turn is still the last): no read of the
   * transcript. Any other (an earlier question's button, or a question asked before a turn that
   * asked nothing, such as a status update) is checked against the transcript.
   */
  question?: number;
  /**
   * Count this input against the conversation's message allowance inside the commit (no round
   * trip of its own): over it, the turn is `limited` and nothing is processed or counted. This
   * process refuses what it knows to be over without any I/O (the window its last commit saw).
   */
  allowance?: Allowance;
  /**
   * The channel's stable id of the person, namespaced by the adapter (`tg-user:<id>`), or read
   * from the stored session (where an adapter kept it at creation). Results that declare `once`
   * count once per person (once-claims.ts); unset: once per conversation.
   */
  person?: string | ((session: Session) => string | undefined);
  /**
   * What the adapter knows about the person now (e.g. the Slack channels they are in), written
   * over the session's channel data before the step, so the pure engine can read it.
   */
  channelFacts?: Record<string, string>;
}

/** How a turn ended. Expected outcomes are values; only store outages throw (StoreUnavailableError). */
export type TurnResult =
  /** `refused`: blocked or over the limit, nothing processed; `messages` is the polite reply, if any (sender-gate.ts). */
  | { kind: 'ok'; messages: StoredMessage[]; version: number; duplicate: boolean; refused?: Refusal; allowance?: AllowanceState }
  /**
   * The request's `allowance` is used up until `resetAtMs` (epoch ms): nothing was processed.
   * `notify` (Allowance.notify): this is the window's first refusal.
   */
  | { kind: 'limited'; resetAtMs: number; notify?: boolean }
  | { kind: 'not_found' }
  | { kind: 'unauthorized' }
  /** The request's `question` is no longer the one asked (`locale`: the conversation's, for the answer). */
  | { kind: 'closed'; locale: string }
  /** Too much contention (or no free reference): try again shortly. */
  | { kind: 'busy'; reason: 'conflicts' | 'references' };

/** A turn's allowance after it: `perWindow`, how many the window has `used`, when it resets. */
export interface AllowanceState {
  perWindow: number;
  used: number;
  resetAtMs: number;
}

/** Commit attempts before giving up with `busy`. */
export const MAX_COMMIT_ATTEMPTS = 8;
/** Steps re-run when a drawn report reference is already taken. */
export const MAX_REFERENCE_DRAWS = 5;

type Prepared = { kind: 'ready'; session: Session; events: EngineEvent[]; version: number } | Exclude<TurnResult, { kind: 'busy' }>;

/**
 * The turn's answer when this process already knows the allowance is used up (its cached window,
 * or what the load read), else undefined.
 */
export function knownLimited(deps: Pick<RuntimeDeps, 'cache' | 'env'>, conversationId: string, allowance: Allowance | undefined, read?: LoadResult['allowance']): { kind: 'limited'; resetAtMs: number } | undefined {
  // A shared window (Allowance.counter) is not the conversation's: its adapter remembers it. A
  // window whose first refusal is told (Allowance.notify) is refused by the commit, which knows
  // whether it was told; after that the sender's recent refusal skips the turn (sender-gate.ts).
  if (!allowance || allowance.counter !== undefined || allowance.notify === true) return undefined;
  const use = read ?? deps.cache?.allowance(conversationId);
  return use && use.used >= allowance.perWindow && use.resetAtMs > deps.env.now().getTime() ? { kind: 'limited', resetAtMs: use.resetAtMs } : undefined;
}

/**
 * Runs one turn: the session (this process's cached copy, else load: 1 round trip) -> restore ->
 * step -> commit (1 round trip, compare-and-set, dedupe check included) -> hand submissions to
 * the outbox. A lost compare-and-set race (another turn, or another process, came first; or the
 * cached copy is stale) steps again on the current session the conflict returned, so no input is
 * ever lost or applied twice; a repeated `dedupeId` gets the first reply back.
 */
export async function runTurn(deps: RuntimeDeps, req: TurnRequest): Promise<TurnResult> {
  const started = performance.now();
  req = { ...req, input: sanitizeInput(req.input) }; // every channel's text enters the core here
  let outcome: TurnOutcome = 'error';
  try {
    const result = (await screenTurn(deps, req)) ?? (await counted(deps, req));
    outcome = result.kind === 'ok' ? (result.refused ?? (result.duplicate ? 'duplicate' : 'ok')) : result.kind === 'limited' ? 'rate_limited' : result.kind;
    return result;
  } catch (error) {
    if (error instanceof StoreUnavailableError) outcome = 'store_unavailable';
    throw error;
  } finally {
    deps.metrics.turns.inc({ channel: req.channel, outcome });
    deps.metrics.turnDuration.observe({ channel: req.channel }, (performance.now() - started) / 1000);
  }
}

/** The turn, its message counted in its commit against the sender's limit when the adapter asks (`limit`). */
async function counted(deps: RuntimeDeps, req: TurnRequest): Promise<TurnResult> {
  if (req.limit !== true || !deps.abuse || req.allowance) return attempt(deps, req);
  const result = await attempt(deps, { ...req, allowance: limitAllowance(deps.abuse.policy, deps.env.now().getTime()) });
  return result.kind === 'limited' ? refuseOverLimit(deps, req, result) : result;
}

async function attempt(deps: RuntimeDeps, req: TurnRequest): Promise<TurnResult> {
  try {
    return await attemptCommits(deps, req);
  } catch (error) {
    // A commit that timed out may still land: the cached copy is no longer known to be current.
    deps.cache?.forget(req.conversationId);
    throw error;
  }
}

async function attemptCommits(deps: RuntimeDeps, req: TurnRequest): Promise<TurnResult> {
  const over = knownLimited(deps, req.conversationId, req.allowance);
  if (over) return over;
  // The first attempt steps on the cached session (or none, for a fresh id) without a load.
  let known: Known | undefined = knownWithoutLoad(deps.cache, req);
  // The first attempt's session is this process's copy: another process may have moved it on since.
  let cachedCopy = known !== undefined && req.create?.fresh !== true;
  let contended = false;
  let reread = false;
  for (let n = 0; n < MAX_COMMIT_ATTEMPTS; n++) {
    if (n > 0) {
      // A read of the stored session to check a press (below) is no conflict.
      if (!reread) deps.metrics.storeConflicts.inc();
      reread = false;
      // Back off from a race with a turn that started from the same version; a stale cached copy is no race.
      if (contended) await backoff(n);
    }
    const fromCache = known !== undefined;
    const loaded = known?.loaded ?? (await deps.store.load(req.conversationId, req.dedupeId, req.allowance));
    const checked = known?.checked;
    known = undefined;
    // A duplicate is answered whatever the allowance (as the commit script does); else a full window stops here, before the step.
    const full = loaded.duplicateReply === null ? knownLimited(deps, req.conversationId, req.allowance, loaded.allowance) : undefined;
    if (full) return full;
    const prepared = prepare(deps, req, loaded, checked);
    if (prepared.kind !== 'ready') return prepared;
    const fromCachedCopy = cachedCopy;
    cachedCopy = false;
    if (req.question !== undefined && req.question !== prepared.version) {
      // Not a button of the last turn, says this process's copy: the stored session first (a load).
      if (fromCachedCopy) {
        reread = true;
        continue;
      }
      if (currentQuestion(await deps.store.history(req.conversationId)) !== req.question) return { kind: 'closed', locale: prepared.session.locale };
    }

    const person = personOf(req.person, prepared.session, req.conversationId);
    const drawn = await stepWithFreeReferences(deps, req, prepared.session, person);
    if (!drawn) return { kind: 'busy', reason: 'references' };
    const first = drawn.stepped;
    // Effects a flow asked for (e.g. a place on a shift) run now and are answered in this turn.
    const { stepped, undo } = await runEffects(deps.engine, deps.env, deps.effects, first, { person, conversationId: req.conversationId });
    // Remembered for the turns no adapter drives (notices): they act for the same person.
    if (req.person !== undefined && stepped.session.person !== person) stepped.session.person = person;

    // "My data": the link is minted here, outside the pure engine (src/engine/data-export.ts).
    const filled = await fillDataExportLinks([...prepared.events, ...stepped.events], req.conversationId, deps.dataExport);
    const now = deps.env.now().toISOString();
    const { events, claims } = await claimOnce(deps.participation, person, filled, now);
    const version = prepared.version + 1;
    const rendered = renderTurn(deps.i18n, { echo: stepped.echo, events }, { version, locale: stepped.session.locale, createdAt: now, maxEchoChars: deps.env.limits.descriptionMaxChars });
    const participation = deps.participation;
    // "Delete my data" drops the person's claims in every scope, made from this conversation or another,
    // and their reports' link to them (the `reports` scope's pseudonym: src/cases/report-record.ts).
    const claimsOf = participation
      ? (scopes: readonly string[]) => [...new Set([...scopes, ...deps.engine.allOnceScopes(deps.env), REPORTS_SCOPE])].map((scope) => ({ scope, participant: participantId(participation.secret, scope, person) }))
      : undefined;
    // A report's record rides in its outbox entry: the relay writes it when it hands the report over.
    const submissions = withReferenceOwners(
      withReportRecords(deps, submissionsOf(events, req.conversationId, now, stepped.session, deps.env.catalog, claimsOf), person),
      events,
      drawn.fromBlocks,
      deps.ttl.referenceOwnerSeconds ?? 0,
    );

    const json = sessionJson(stepped.session); // once: the same text goes to the store and the cache
    const committed = await deps.store.commit({
      conversationId: req.conversationId,
      expectedVersion: prepared.version,
      session: new SessionText(json),
      ttlSeconds: conversationTtl(stepped.session, deps.ttl),
      history: rendered.all,
      publish: rendered.all,
      // A duplicate is answered with this commit's bot messages, read back from the transcript.
      dedupe: req.dedupeId ? { id: req.dedupeId, ttlSeconds: deps.ttl.dedupeSeconds } : undefined,
      submissions,
      eraseHistory: events.some((e) => e.type === 'data_erased'),
      ...(req.allowance ? { allowance: req.allowance } : {}),
    });
    rememberCommitted(deps.cache, req, committed, json);
    if (committed.ok) {
      if (submissions.length > 0) {
        deps.metrics.submissions.inc(submissions.length);
        deps.outbox?.enqueue(submissions);
      }
      const allowance = req.allowance && committed.allowance ? { perWindow: req.allowance.perWindow, ...committed.allowance } : undefined;
      return { kind: 'ok', messages: rendered.bot, version: committed.version, duplicate: false, ...(allowance ? { allowance } : {}) };
    }
    await releaseClaims(deps.participation, claims); // nothing was committed: the claims were not earned
    for (const u of undo.reverse()) await u(); // nor the effects
    if (committed.reason === 'duplicate') return duplicateOf(committed.reply, prepared.version);
    if (committed.reason === 'limited') {
      // Another process filled the window (this one refuses what it knows before stepping).
      if (req.allowance && req.allowance.counter === undefined) deps.cache?.rememberLimited(req.conversationId, { used: req.allowance.perWindow, resetAtMs: committed.resetAtMs });
      return { kind: 'limited', resetAtMs: committed.resetAtMs, ...(committed.notify !== undefined ? { notify: committed.notify } : {}) };
    }
    // conflict: step again on the session as it is now (the store said), else load it.
    if (committed.current !== undefined) known = { loaded: { conversation: committed.current, duplicateReply: null } };
    contended = !fromCache;
  }
  deps.logger.warn({ conversationId: req.conversationId, attempts: MAX_COMMIT_ATTEMPTS }, 'turn gave up after repeated conflicts');
  return { kind: 'busy', reason: 'conflicts' };
}

/**
 * Turns what was loaded into the session to step, or an early answer. `checked`: the loaded
 * session as this process committed it (session-cache.ts), stepped on without the schema check
 * every session read from the store gets.
 */
function prepare(deps: RuntimeDeps, req: TurnRequest, loaded: LoadResult, checked?: Session): Prepared {
  const { env } = deps;
  const conv = loaded.conversation;
  if (!conv && !req.create) return { kind: 'not_found' };

  let session: Session;
  let events: EngineEvent[] = [];
  if (!conv) {
    session = newSession({
      id: req.conversationId,
      channel: req.channel,
      locale: negotiateLocale(req.localeHint, env.locales),
      now: env.now(),
      channelData: req.create?.channelData ?? {},
    });
  } else if (checked) {
    session = applyLocaleHint(checked, req.localeHint, env);
  } else {
    const meta = storedMeta(conv.session);
    const restored: StepResult = restoreSession(
      conv.session,
      {
        id: req.conversationId,
        channel: meta.channel ?? req.channel,
        locale: negotiateLocale(req.localeHint, env.locales),
        now: env.now(),
        channelData: meta.channelData ?? req.create?.channelData ?? {},
      },
      env,
    );
    session = applyLocaleHint(restored.session, req.localeHint, env);
    events = restored.events;
  }
  if (req.channelFacts) session = { ...session, channelData: { ...session.channelData, ...req.channelFacts } };
  // Authorization comes first: a stranger replaying someone's message id learns nothing.
  if (req.authorize && !req.authorize(session)) return { kind: 'unauthorized' };
  if (loaded.duplicateReply !== null) return duplicateOf(loaded.duplicateReply, conv?.version ?? 0);
  return { kind: 'ready', session, events, version: conv?.version ?? 0 };
}

/**
 * Steps (with the person's earlier `once` results where the step may need them) with this
 * process's claimed references at hand (reference-blocks.ts: the step's report reference needs no
 * claim of its own), then claims every report reference the step drew at random instead. A taken
 * reference (a collision) re-runs the step, which draws a fresh one; after MAX_REFERENCE_DRAWS it
 * gives up. `fromBlocks`: the step's references that came from the blocks (their conversation is
 * named by the outbox relay).
 */
async function stepWithFreeReferences(deps: RuntimeDeps, req: TurnRequest, session: Session, person: string): Promise<{ stepped: StepResult; fromBlocks: ReadonlySet<string> } | null> {
  // "You answered on 3 May; change it?": what the person already answered, where this turn may start answering.
  const scopes = deps.engine.onceScopes(session, req.input, deps.env);
  const answered = scopes.length > 0 ? { ...deps.env, onceAnswered: await onceAnswered(deps.participation, person, scopes) } : deps.env;
  // A typed place, looked up with the geocoder (geocoding.ts).
  const env = await withGeocoded(deps, session, req.input, answered);
  const blocks = deps.references && (await deps.references.ensure()) ? deps.references : undefined;
  for (let draw = 0; draw < MAX_REFERENCE_DRAWS; draw++) {
    const fromBlocks = new Set<string>();
    const stepEnv = blocks
      ? {
          ...env,
          nextReference: (prefix: string) => {
            const reference = blocks.take(prefix);
            if (reference !== undefined) fromBlocks.add(reference);
            return reference;
          },
        }
      : env;
    const result = deps.engine.step(session, req.input, stepEnv);
    let free = true;
    for (const reference of referencesOf(result.events)) {
      if (fromBlocks.has(reference)) continue;
      if (!(await deps.store.reserveReference(reference, req.conversationId, deps.ttl.referenceOwnerSeconds))) {
        free = false;
        deps.logger.warn({ attempt: draw + 1 }, 'report reference collision; drawing another');
        break;
      }
    }
    if (free) return { stepped: result, fromBlocks };
  }
  deps.logger.error({ conversationId: req.conversationId }, 'no free report reference after repeated draws');
  return null;
}

/**
 * A conversation with a result the agency has not closed or declined (a report) is kept for the follow
 * period (the agency's answer, weeks later, must find it); any other expires when idle.
 */
export function conversationTtl(session: Session, ttl: RuntimeDeps['ttl']): number {
  const open = session.results.some(isOpen);
  return open ? Math.max(ttl.sessionSeconds, ttl.followSeconds ?? 0) : ttl.sessionSeconds;
}

/** The references results ask to claim (a report's WG-…), so none is issued twice. */
function referencesOf(events: readonly EngineEvent[]): string[] {
  return events.flatMap((e) => (e.type === 'result_submitted' && e.reference !== undefined ? [e.reference] : []));
}

/** The reply given to the input first: the bot's messages among those its commit added to the transcript. */
function duplicateOf(reply: readonly StoredMessage[], version: number): Extract<TurnResult, { kind: 'ok' }> {
  return { kind: 'ok', messages: reply.filter((m) => m.from === 'bot'), version, duplicate: true };
}

/** Full-jitter exponential backoff: 0..min(100, 4 * 2^n) ms. */
function backoff(n: number): Promise<void> {
  const cap = Math.min(100, 4 * 2 ** n);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * cap));
}
