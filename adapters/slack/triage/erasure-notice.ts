/**
 * "Delete my data" and a withdrawn consent, for a triage channel: the card's thread gets a note
 * asking staff to remove the reporter's details (the card itself, posted to the agency's own
 * workspace, is the agency's copy), and the case history records it, so the card shows it at
 * the next update. Exactly once in effect: a case whose history already has the entry posts
 * nothing again. No personal data in the note: the reference only.
 */
import type { WebClient } from '@slack/web-api';
import type { CaseStore } from '../../../src/cases/types';
import { erasureRequestOf } from '../../../src/privacy/erasure-request';
import type { DeliveryContext } from '../../../src/sinks/types';
import type { Submission } from '../../../src/state/types';
import { classifySlackError, SlackTriageError } from './errors';
import { triageStrings } from './strings';

export interface ErasureNoticeDeps {
  client: WebClient;
  cases?: Pick<CaseStore, 'byReference' | 'put'>;
  now: () => Date;
}

export async function deliverErasureNotice(deps: ErasureNoticeDeps, submission: Submission, ctx?: DeliveryContext): Promise<void> {
  const request = erasureRequestOf(submission);
  if (request === null) throw new SlackTriageError('invalid_report', true, `submission ${submission.id} is not a valid erasure request`);
  if (!deps.cases || !ctx) return;
  const action = request.scope === 'contact' ? 'consent_withdrawn' : 'erased';
  for (const report of request.reports) {
    for (const c of await deps.cases.byReference(report.reference)) {
      if (c.sinkKey !== ctx.sinkKey || !c.slack || !c.triage) continue;
      if (c.triage.history.some((h) => h.action === action)) continue;
      const text = action === 'erased' ? triageStrings.erasureNotice(report.reference) : triageStrings.consentWithdrawnNotice(report.reference);
      try {
        await deps.client.chat.postMessage({ channel: c.slack.channel, thread_ts: c.slack.ts, text, unfurl_links: false, unfurl_media: false });
      } catch (error) {
        throw classifySlackError(error, 'chat.postMessage');
      }
      const at = deps.now().toISOString();
      await deps.cases.put({ ...c, triage: { ...c.triage, history: [...c.triage.history, { action, by: 'reporter', at }] }, updatedAt: at });
    }
  }
}
