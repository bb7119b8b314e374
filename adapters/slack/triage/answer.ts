import type { WebClient } from '@slack/web-api';
import type { AgencyCase, CaseStore } from '../../../src/cases/types';
import { errorSummary } from '../../../src/log';
import { escapeMrkdwn, cut, initialTriage, SECTION_LIMIT, type CaseTriage } from './card';
import { triageCase, updateCard } from './case-actions';
import type { TriageDeps } from './deps';
import { triageStrings as s } from './strings';

export type ReporterAnswer = ({ caseKey: string } | { reference: string }) & { text: string };

/** The thread reply's text: the citizen's words quoted and escaped. */
export function answerText(reference: string, text: string): string {
  return cut(`${s.answerInThread(reference)}\n>${escapeMrkdwn(text.trim()).replace(/\n/g, '\n>')}`, SECTION_LIMIT);
}

/**
 * The citizen's answer to "Ask the reporter", for integrations that do not route it through
 * the outbox (which delivers `reporter_answer` submissions to the sink: answer-delivery.ts):
 * posted in the card's thread and recorded in the case's history. False when no triaged case
 * matches. Not exactly once: a retry of a call that failed after the post posts again.
 */
export async function postReporterAnswer(deps: TriageDeps, answer: ReporterAnswer): Promise<boolean> {
  const key = 'caseKey' in answer ? answer.caseKey : await keyOfReference(deps, answer.reference);
  const c = key ? await triageCase(deps, key) : null;
  if (!c) return false;
  await deps.client.chat.postMessage({ channel: c.slack.channel, thread_ts: c.slack.ts, text: answerText(c.reference, answer.text), unfurl_links: false, unfurl_media: false });
  await recordAnswer(deps, c.key, answer.text);
  return true;
}

/** Adds the answer to the case's history (under its lock when free) and to the card. */
export async function recordAnswer(deps: { client: WebClient; cases: CaseStore; lockMs?: number; now?: () => Date; timezone?: string }, key: string, text: string): Promise<void> {
  // An answer is never dropped for a busy lock: wait a little, then record anyway.
  for (let i = 0; i < 10 && !(await deps.cases.lease(`triage:${key}`, deps.lockMs ?? 3000)); i += 1) {
    await new Promise((r) => setTimeout(r, 300));
  }
  let c: Awaited<ReturnType<typeof triageCase>>;
  let next: CaseTriage;
  try {
    c = await triageCase(deps, key);
    if (!c) return;
    const triage = c.triage ?? initialTriage();
    const at = (deps.now ? deps.now() : new Date()).toISOString();
    next = { ...triage, history: [...triage.history, { action: 'answer' as const, by: 'reporter', at, text: text.trim() }] };
    await deps.cases.put({ ...c, triage: next, updatedAt: at });
  } finally {
    await deps.cases.release(`triage:${key}`).catch(() => undefined);
  }
  await updateCard(deps, c, next);
}

/** The triaged case of a reference, among the slack sinks' tracked cases (newest first). */
async function keyOfReference(deps: TriageDeps, reference: string): Promise<string | null> {
  const found: AgencyCase[] = [];
  for (const sinkKey of deps.sinkKeys?.() ?? []) {
    try {
      for (const c of await deps.cases.tracked(sinkKey)) if (c.reference === reference && c.slack && c.triage) found.push(c);
    } catch (error) {
      deps.logger?.warn({ sinkKey, err: errorSummary(error) }, 'slack triage: could not list cases');
    }
  }
  found.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  return found[0]?.key ?? null;
}
