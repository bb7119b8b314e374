import type { AgencyCase } from '../../../src/cases/types';
import { errorSummary } from '../../../src/outbox/relay';
import { escapeMrkdwn, cut, initialTriage, SECTION_LIMIT } from './card';
import { triageCase, updateCard } from './case-actions';
import type { TriageDeps } from './deps';
import { triageStrings as s } from './strings';

export type ReporterAnswer = ({ caseKey: string } | { reference: string }) & { text: string };

/**
 * The citizen's answer to "Ask the reporter": posted in the card's thread and recorded in the
 * case's history (the card shows it too). False when no triaged case matches.
 */
export async function postReporterAnswer(deps: TriageDeps, answer: ReporterAnswer): Promise<boolean> {
  const key = 'caseKey' in answer ? answer.caseKey : await keyOfReference(deps, answer.reference);
  const c = key ? await triageCase(deps, key) : null;
  if (!c) return false;
  const text = answer.text.trim();
  await deps.client.chat.postMessage({
    channel: c.slack.channel,
    thread_ts: c.slack.ts,
    text: cut(`${s.answerInThread(c.reference)}\n>${escapeMrkdwn(text).replace(/\n/g, '\n>')}`, SECTION_LIMIT),
    unfurl_links: false,
    unfurl_media: false,
  });
  // Recorded under the case's lock when it is free; an answer is never dropped for a busy lock.
  for (let i = 0; i < 10 && !(await deps.cases.lease(`triage:${c.key}`, deps.lockMs ?? 3000)); i += 1) {
    await new Promise((r) => setTimeout(r, 300));
  }
  const fresh = (await triageCase(deps, c.key)) ?? c;
  const triage = fresh.triage ?? initialTriage();
  const at = (deps.now ? deps.now() : new Date()).toISOString();
  const next = { ...triage, history: [...triage.history, { action: 'answer' as const, by: 'reporter', at, text }] };
  await deps.cases.put({ ...fresh, triage: next, updatedAt: at });
  await updateCard(deps, fresh, next);
  return true;
}

/** The triaged case of a reference, among the slack sinks' tracked cases (newest first). */
async function keyOfReference(deps: TriageDeps, reference: string): Promise<string | null> {
  const found: AgencyCase[] = [];
  for (const sinkKey of deps.sinkKeys?.() ?? []) {
    try {
      for (const c of await deps.cases.tracked(sinkKey)) if (c.reference === reference && c.slack) found.push(c);
    } catch (error) {
      deps.logger?.warn({ sinkKey, err: errorSummary(error) }, 'slack triage: could not list cases');
    }
  }
  found.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  return found[0]?.key ?? null;
}
