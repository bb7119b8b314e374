import type { WebClient } from '@slack/web-api';
import type { CaseStore } from '../../../src/cases/types';
import type { Logger } from '../../../src/log';
import type { BlockOutcome, BlockRequest } from '../../../src/runtime/abuse-list';
import type { MergeOutcome, MergeRequest } from '../../../src/runtime/report-merge';
import type { StatusUpdate } from '../../../src/runtime/status-updates';
import type { ChannelMembers } from './permissions';

/** What the integrator wires in (src/server/compose.ts). */
export interface TriageDeps {
  /** The bot's Web API client (triageClient), used for every call. */
  client: WebClient;
  /** The case records the SlackTriageSink keeps. */
  cases: CaseStore;
  /**
   * Tells the citizen, in their channel and language: `(u) => deliverStatusUpdate(runtimeDeps, u)`
   * (src/runtime/status-updates.ts). A throw is logged; the action stays recorded.
   */
  deliver: (update: StatusUpdate) => Promise<unknown>;
  /**
   * Puts a staff question to the citizen:
   * `(q) => askReporter(runtimeDeps, { reference: q.reference, question: q.question, questionId: q.questionId, replyTo: q.caseKey })`
   * (src/runtime/agency-questions.ts). The answer comes back as a `reporter_answer` submission
   * routed to the SlackTriageSink (the card's thread), or through `postReporterAnswer`.
   */
  askReporter: (q: { reference: string; question: string; caseKey: string; questionId: string }) => Promise<unknown>;
  /**
   * Blocks a case's reporter (Block reporter): `(r) => blockReporter(runtimeDeps, r)`
   * (src/runtime/abuse-list.ts), and how long a block lasts (shown in the modal). Absent: the
   * button answers that blocking is unavailable.
   */
  abuse?: { block: (req: BlockRequest) => Promise<BlockOutcome>; blockDays: number };
  /**
   * Merges a duplicate into the report staff keep ("Duplicate of…"):
   * `(r) => mergeReport(runtimeDeps, cases, r)` (src/runtime/report-merge.ts). Absent: the
   * modal answers that merging is unavailable.
   */
  merge?: (req: MergeRequest) => Promise<MergeOutcome>;
  /** Slack user ids who may act on any case, besides the members of its channel. */
  allowedUsers?: readonly string[];
  /** The slack sinks' keys, so an answer can be found by its reference (router.slackSinkKeys()). */
  sinkKeys?: () => readonly string[];
  /** The jurisdiction's IANA time zone for times on the card. Default UTC. */
  timezone?: string;
  /** How long a channel's member list is trusted. Default 60 s. */
  membersTtlMs?: number;
  /** The per-case lock's lifetime (double clicks, two people at once). Default 3 s. */
  lockMs?: number;
  logger?: Logger;
  now?: () => Date;
  /** Shared membership cache; made from `client` when absent. */
  members?: ChannelMembers;
}
