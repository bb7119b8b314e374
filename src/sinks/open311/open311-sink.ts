import type { Report } from '../../engine/report';
import type { MediaStore, Submission } from '../../state/types';
import type { Sink } from '../types';
import type { Open311Client } from './client';
import { Open311PermanentError } from './errors';
import { parseReportPayload } from './report-payload';
import { open311Form } from './request-form';

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
  /** `GET tokens/{token}.json` attempts after a token answer. Default 3. */
  tokenPolls?: number;
  /** Wait before the first poll, doubled before each next one. Default 500 ms. */
  tokenBackoffMs?: number;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  /**
   * Called once the agency has accepted the report, with its case id (or the unresolved token),
   * so the wiring can store it for status polling and the person's reference. Should not throw:
   * a throw makes the relay retry, and a retried POST creates a second case at the agency.
   */
  onDelivered?: (submission: Submission, delivery: Open311Delivery) => void | Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Delivers report submissions to an Open311 GeoReport v2 endpoint: one `POST requests.json`;
 * if the agency answers with a token, a few `GET tokens/{token}.json` polls with a doubling
 * backoff, keeping the token as the case handle when it does not resolve in time. Once the
 * POST has succeeded nothing throws (a failed poll just keeps the token), so a retry never
 * follows an accepted POST.
 *
 * Failures throw `Open311Error`s. The relay treats any throw as "retry later", which is right
 * for `Open311RetryableError`; an `Open311PermanentError` (`permanent: true`: a 4xx with the
 * agency's error array, or a payload that is not a report) will fail identically every time
 * and needs the dead-letter path of issue 5; until that exists it is retried like the rest.
 *
 * Idempotency: GeoReport v2 has no idempotency key, so a crash between the agency's answer
 * and the relay's ack can create a second case. The wiring should record `onDelivered` keyed
 * by `submission.id` and skip submissions that already have a case id.
 */
export class Open311Sink implements Sink {
  readonly name = 'open311';
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly opts: Open311SinkOptions) {
    this.sleep = opts.sleep ?? defaultSleep;
  }

  async deliver(submission: Submission, media: MediaStore): Promise<void> {
    await this.send(submission, media);
  }

  /** `deliver`, returning the agency's handle on the case. */
  async send(submission: Submission, media: MediaStore): Promise<Open311Delivery> {
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
    const mediaUrl = report.media.length > 0 ? await this.opts.mediaUrl?.(report, submission, media) : undefined;
    const form = open311Form(report, { apiKey: this.opts.apiKey, jurisdictionId: this.opts.jurisdictionId, mediaUrl });

    const result = await this.opts.client.submit(form);
    let delivery: Open311Delivery;
    if (result.kind === 'created') {
      delivery = { serviceRequestId: result.serviceRequestId, serviceNotice: result.serviceNotice };
    } else {
      const id = await this.pollToken(result.token);
      delivery = id ? { serviceRequestId: id, token: result.token } : { token: result.token };
      if (result.serviceNotice) delivery.serviceNotice = result.serviceNotice;
    }
    if (delivery.serviceNotice === undefined) delete delivery.serviceNotice;
    await this.opts.onDelivered?.(submission, delivery);
    return delivery;
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
