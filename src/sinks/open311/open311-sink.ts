import type { Report } from '../../engine/report';
import type { MediaStore, Submission } from '../../state/types';
import { caseKey, type AgencyCase, type CaseStore } from '../../cases/types';
import type { DeliveryContext, Sink } from '../types';
import type { Open311Client } from './client';
import { Open311Error, Open311PermanentError } from './errors';
import { parseReportPayload } from './report-payload';
import { carriesReference, open311Form } from './request-form';

/** The agency's handle on a delivered report: its case id, or the token when it never resolved. */
export interface Open311Delivery {
  serviceRequestId?: string;
  token?: string;
  serviceNotice?: string;
}

export interface Open311SinkOptions {
  client: Open311Client;
  /** `api_key` for the POST (the catalogue names the env variable: `apiKeyEnv`). */
  apiKey?: string;
  /** `jurisdiction_id` for the POST, when the endpoint serves several jurisdictions. */
  jurisdictionId?: string;
  /** A fetchable URL for the report's photo (signed, expiring; issue 5 "Photos"), if any. */
  mediaUrl?: (report: Report, submission: Submission, media: MediaStore) => Promise<string | undefined> | string | undefined;
  /**
   * Where each delivery's case is recorded (src/cases). With it, a delivery is exactly-once in
   * effect: see the class comment. Without it (unit tests) every call POSTs.
   */
  cases?: CaseStore;
  /** `GET tokens/{token}.json` attempts after a token answer. Default 3. */
  tokenPolls?: number;
  /** Wait before the first poll, doubled before each next one. Default 500 ms. */
  tokenBackoffMs?: number;
  /** How far before an uncertain POST's start the search for its case looks. Default 10 min (clock skew). */
  searchSlackMs?: number;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
  /**
   * Called once the agency has accepted the report, with its case id (or the unresolved token).
   * Should not throw: a throw makes the relay retry (the case record then prevents a second POST).
   */
  onDelivered?: (submission: Submission, delivery: Open311Delivery) => void | Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Delivers report submissions to an Open311 GeoReport v2 endpoint: one `POST requests.json`;
 * if the agency answers with a token, a few `GET tokens/{token}.json` polls with a doubling
 * backoff, keeping the token as the case handle when it does not resolve in time (the status
 * poller resolves it later). Once the POST has succeeded nothing throws.
 *
 * Exactly once in effect. GeoReport v2 has no idempotency key, so with a `cases` store:
 * 1. a delivery whose case is recorded as `created` (a retry after a crash between the POST's
 *    answer and the queue's ack) returns without POSTing;
 * 2. before the POST the case is recorded as `sending` with the time; after the answer, as
 *    `created` (with the id or token) or `rejected` (with the agency's error array);
 * 3. a delivery that finds `sending` (the process died mid-POST, or the POST timed out or got a
 *    5xx after the agency may have made the case) first searches the agency's requests of that
 *    service since the attempt began (`GET requests.json?service_code&start_date&end_date`)
 *    for the description carrying the report's reference (`Ref. WG-…`, see request-form.ts);
 *    found: recorded, no POST. A search the agency does not support (4xx) is logged and the
 *    POST goes ahead; a search that fails otherwise is retried later (better late than twice).
 *
 * Failures throw `Open311Error`s: `Open311PermanentError` (a 4xx with the agency's error array,
 * or a payload that is not a report) is dead-lettered at once; the rest are retried.
 */
export class Open311Sink implements Sink {
  readonly name = 'open311';
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => Date;

  constructor(private readonly opts: Open311SinkOptions) {
    this.sleep = opts.sleep ?? defaultSleep;
    this.now = opts.now ?? (() => new Date());
  }

  /** The client (the status poller asks the same endpoint). */
  get client(): Open311Client {
    return this.opts.client;
  }

  /** Reports only: GeoReport v2 has nothing else. */
  accepts(kind: Submission['kind']): boolean {
    return kind === 'report';
  }

  async deliver(submission: Submission, media: MediaStore, ctx?: DeliveryContext): Promise<void> {
    await this.send(submission, media, ctx);
  }

  /** `deliver`, returning the agency's handle on the case. */
  async send(submission: Submission, media: MediaStore, ctx?: DeliveryContext): Promise<Open311Delivery> {
    if (submission.kind !== 'report') {
      throw new Open311PermanentError('invalid_report', `open311 cannot deliver a ${String(submission.kind)} submission`);
    }
    const parsed = parseReportPayload(submission.payload);
    if (!parsed.ok) {
      throw new Open311PermanentError('invalid_report', `submission ${submission.id} is not a valid report`, {
        cause: parsed.error,
      });
    }
    const report = parsed.report;
    const cases = ctx && this.opts.cases ? this.opts.cases : undefined;
    const base = ctx
      ? { key: caseKey(submission.id, ctx.sinkKey), submissionId: submission.id, sinkKey: ctx.sinkKey, reference: report.reference, serviceCode: String(report.serviceCode) }
      : undefined;
    const earlier = cases && base ? await cases.get(base.key) : null;
    if (earlier?.state === 'created') return deliveryOf(earlier);
    if (earlier?.state === 'sending' && earlier.attemptStartedAt) {
      const found = await this.findEarlierCase(report, earlier.attemptStartedAt);
      if (found !== null) {
        const delivery: Open311Delivery = { serviceRequestId: found };
        await cases!.put({ ...earlier, state: 'created', serviceRequestId: found, status: 'open', updatedAt: this.now().toISOString() });
        await this.opts.onDelivered?.(submission, delivery);
        return delivery;
      }
    }

    const mediaUrl = report.media.length > 0 ? await this.opts.mediaUrl?.(report, submission, media) : undefined;
    const form = open311Form(report, { apiKey: this.opts.apiKey, jurisdictionId: this.opts.jurisdictionId, mediaUrl });
    const startedAt = this.now().toISOString();
    // The earliest uncertain attempt is the one whose case may exist: keep its time for the search.
    const uncertainSince = earlier?.state === 'sending' && earlier.attemptStartedAt ? earlier.attemptStartedAt : startedAt;
    if (cases && base) await cases.put({ ...base, state: 'sending', attemptStartedAt: uncertainSince, updatedAt: startedAt });

    let result: Awaited<ReturnType<Open311Client['submit']>>;
    try {
      result = await this.opts.client.submit(form);
    } catch (error) {
      // A refusal is certain: keep the agency's reasons on the case. Anything else may have made
      // the case (a timeout, a 5xx after the insert): it stays `sending`, and the retry searches.
      if (cases && base && error instanceof Open311Error && error.permanent) {
        await cases.put({ ...base, state: 'rejected', agencyErrors: error.agencyErrors, updatedAt: this.now().toISOString() });
      }
      throw error;
    }
    let delivery: Open311Delivery;
    if (result.kind === 'created') {
      delivery = { serviceRequestId: result.serviceRequestId, serviceNotice: result.serviceNotice };
    } else {
      const id = await this.pollToken(result.token);
      delivery = id ? { serviceRequestId: id, token: result.token } : { token: result.token };
      if (result.serviceNotice) delivery.serviceNotice = result.serviceNotice;
    }
    if (delivery.serviceNotice === undefined) delete delivery.serviceNotice;
    if (cases && base) {
      await cases.put({ ...base, state: 'created', ...delivery, status: 'open', updatedAt: this.now().toISOString() });
    }
    await this.opts.onDelivered?.(submission, delivery);
    return delivery;
  }

  /** The id of the case an uncertain POST made, if the agency has it; null if it has not. */
  private async findEarlierCase(report: Report, attemptStartedAt: string): Promise<string | null> {
    const since = new Date(Date.parse(attemptStartedAt) - (this.opts.searchSlackMs ?? 10 * 60_000));
    const until = new Date(this.now().getTime() + 60_000);
    try {
      const found = await this.opts.client.search(String(report.serviceCode), since, until);
      return found.find((r) => carriesReference(r.description, report.reference))?.id ?? null;
    } catch (error) {
      // An endpoint without search answers 4xx: we cannot check, so we send (a duplicate is
      // possible only there). Anything else: try again later rather than risk a second case.
      if (error instanceof Open311Error && error.permanent) return null;
      throw error;
    }
  }

  private async pollToken(token: string): Promise<string | null> {
    const polls = this.opts.tokenPolls ?? 3;
    let wait = this.opts.tokenBackoffMs ?? 500;
    for (let i = 0; i < polls; i += 1) {
      await this.sleep(wait);
      wait *= 2;
      try {
        const id = await this.opts.client.resolveToken(token);
        if (id) return id;
      } catch {
        // The case exists at the agency: a failed poll must not turn into a retried POST.
      }
    }
    return null;
  }
}

function deliveryOf(c: AgencyCase): Open311Delivery {
  return {
    ...(c.serviceRequestId !== undefined ? { serviceRequestId: c.serviceRequestId } : {}),
    ...(c.token !== undefined ? { token: c.token } : {}),
    ...(c.serviceNotice !== undefined ? { serviceNotice: c.serviceNotice } : {}),
  };
}
