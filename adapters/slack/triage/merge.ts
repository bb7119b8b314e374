/**
 * "Duplicate of…" on a triage card (FixMyStreet's duplicate, issue 16): staff name the report
 * to keep; the runtime merges the records, moves the followers and stops the duplicate's
 * Open311 polling (src/runtime/report-merge.ts, `deps.merge`); here the card's case records who
 * merged it into what and when (history `duplicate`, status closed, `mergedInto`), the modal is
 * closed (`afterRecord`), the card is updated in place, the surviving report's card gets a note
 * in its thread, and then the reporter is told, once. Permission is checked by the caller
 * (actions.ts), as for every action.
 *
 * A repeat is a no-op: a case already merged into that reference answers `noop` at once, and a
 * second submission arriving while the first holds the case's lock waits for it (up to about
 * two seconds, inside Slack's three) and then finds it done, instead of showing "busy".
 */
import type { MergeOutcome } from '../../../src/runtime/report-merge';
import { errorSummary } from '../../../src/log';
import { initialTriage, type CaseTriage } from './card';
import { triageCase, updateCard } from './case-actions';
import type { TriageDeps } from './deps';
import { triageStrings as s } from './strings';

/** `refused`: why, in the staff's words, for the modal. */
export type MergeFromCardOutcome = { kind: 'done' | 'noop' | 'busy' | 'unknown_case' } | { kind: 'refused'; reason: string };

/** A reference as staff may type it ("wg-7k3qx9", with spaces or quotes around it). */
const REFERENCE = /^[A-Z]{1,5}-[A-Z0-9]{4,12}$/;

/** The reference typed into the modal, normalised, or null when it cannot be one. */
export function parseReference(text: string): string | null {
  if (text.length > MAX_TYPED) return null;
  const ref = unquoted(text.toUpperCase());
  return REFERENCE.test(ref) ? ref : null;
}

/** Longer input is no reference (the modal's field is short; a paste of a page is refused, cheaply). */
const MAX_TYPED = 200;
const OPENING = new Set(['"', "'", '“', '«', '(']);
const CLOSING = new Set(['"', "'", '”', '»', ')', '.']);

/**
 * The text without the quotes, brackets, full stop and spaces around it. A loop, not an anchored
 * regex: `/[...\s]+$/` retries from every position of a long run (test/lint/redos.test.ts).
 */
function unquoted(text: string): string {
  let start = 0;
  let end = text.length;
  const space = (c: string | undefined): boolean => c !== undefined && c.trim() === '';
  while (start < end && (OPENING.has(text[start] ?? '') || space(text[start]))) start++;
  while (end > start && (CLOSING.has(text[end - 1] ?? '') || space(text[end - 1]))) end--;
  return text.slice(start, end);
}

const LOCK_TRIES = 10;
const LOCK_WAIT_MS = 200;

export async function mergeFromCard(deps: TriageDeps, req: { key: string; user: string; into: string; afterRecord?: () => Promise<void> }): Promise<MergeFromCardOutcome> {
  const c = await triageCase(deps, req.key);
  if (!c) return { kind: 'unknown_case' };
  if (c.mergedInto === req.into) return { kind: 'noop' };
  if (!deps.merge) return { kind: 'refused', reason: s.merge.unavailable };
  const lock = `triage:${req.key}`;
  let held = false;
  for (let i = 0; i < LOCK_TRIES && !(held = await deps.cases.lease(lock, deps.lockMs ?? 3000)); i += 1) await new Promise((r) => setTimeout(r, LOCK_WAIT_MS));
  if (!held) return { kind: 'busy' };
  let current: NonNullable<Awaited<ReturnType<typeof triageCase>>>;
  let next: CaseTriage;
  let tell: (() => Promise<void>) | undefined;
  try {
    current = (await triageCase(deps, req.key)) ?? c;
    if (current.mergedInto === req.into) return { kind: 'noop' };
    const outcome = await deps.merge({ reference: current.reference, into: req.into });
    if (outcome.kind === 'busy') return { kind: 'busy' };
    if (outcome.kind !== 'merged' && outcome.kind !== 'repeat') return { kind: 'refused', reason: refusal(outcome, req.into) };
    if (outcome.kind === 'merged') tell = outcome.tell;
    const triage = current.triage ?? initialTriage();
    const at = (deps.now ? deps.now() : new Date()).toISOString();
    next = { ...triage, status: 'closed', history: [...triage.history, { action: 'duplicate', by: req.user, at, text: req.into }] };
    current = { ...current, triage: next, mergedInto: req.into, updatedAt: at };
    await deps.cases.put(current);
  } finally {
    await deps.cases.release(lock).catch((error: unknown) => deps.logger?.debug({ err: errorSummary(error) }, 'slack triage: lock release failed'));
  }
  await req.afterRecord?.();
  await updateCard(deps, current, next);
  if (tell) await noteOnSurvivor(deps, req.into, current.reference, req.user);
  await tell?.();
  return { kind: 'done' };
}

/** A first merge is noted in the surviving report's card thread(s), for the staff who follow it there. */
async function noteOnSurvivor(deps: TriageDeps, into: string, reference: string, user: string): Promise<void> {
  try {
    for (const c of await deps.cases.byReference(into)) {
      if (!c.slack || !c.triage) continue;
      await deps.client.chat.postMessage({ channel: c.slack.channel, thread_ts: c.slack.ts, text: s.mergedIn(reference, user.replace(/[^A-Z0-9]/gi, '')), unfurl_links: false, unfurl_media: false });
    }
  } catch (error) {
    deps.logger?.warn({ err: errorSummary(error) }, 'slack triage: could not note the merge on the surviving card');
  }
}

function refusal(outcome: Exclude<MergeOutcome, { kind: 'merged' | 'repeat' | 'busy' }>, into: string): string {
  switch (outcome.kind) {
    case 'same':
      return s.merge.same;
    case 'unknown_target':
      return s.merge.unknownTarget(into);
    case 'cycle':
      return s.merge.cycle(into);
    case 'target_merged':
      return s.merge.targetMerged(into, outcome.into);
    case 'already_merged':
      return s.merge.alreadyMerged(outcome.into);
    case 'unavailable':
      return s.merge.unavailable;
  }
}
