import type { WebClient } from '@slack/web-api';
import type { AlertTarget, DeadLetterNotice } from '../../../src/outbox/dead-letter-alerts';
import { classifySlackError } from './errors';
import { escapeMrkdwn } from './card';
import { triageStrings as s } from './strings';

/** The agency's triage channel as a dead-letter alert target (ids, reference, reason: nothing personal). */
export function slackAlertTarget(client: WebClient, channel: string): AlertTarget {
  return {
    kind: 'slack',
    announce: async (n: DeadLetterNotice) => {
      try {
        await client.chat.postMessage({
          channel,
          text: s.deadLetter(n.reference ?? '', escapeMrkdwn(n.reason), n.jobId),
          unfurl_links: false,
          metadata: { event_type: 'wegov_dead_letter', event_payload: { job_id: n.jobId, reference: n.reference ?? '' } },
        });
      } catch (error) {
        throw classifySlackError(error, 'chat.postMessage');
      }
    },
  };
}
