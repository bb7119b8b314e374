/**
 * WeGov's own sink for consultation results (`wegov.consultation-results`): every delivered
 * `consultation_response` is recorded in the results store with its counters (live aggregates,
 * corrected when a person changes their response), and an erasure request unlinks the person's
 * participant ids from their responses ("delete my data": the response stays, anonymous).
 * Delivery is at-least-once and in any order; the store makes both idempotent.
 */
import type { Catalog } from '../../../src/catalog/types';
import { pointInBoundary } from '../../../src/catalog/geo';
import type { Logger } from '../../../src/log';
import type { Sink } from '../../../src/sinks/types';
import type { Submission } from '../../../src/state/types';
import { CONSULTATION_RESPONSE, consultationResponseSchema } from '../result';
import { countersOf, type AreaOf } from './counters';
import type { ConsultationResultsStore } from './store';

export const RESULTS_SINK_KEY = 'wegov.consultation-results';

/** The erasure request's claims (src/privacy/erasure-request.ts), as far as this sink reads them. */
interface ErasureClaims {
  claims?: { scope: string; participant: string }[];
}

/** Which of the jurisdiction's districts a point is in (the first that contains it). */
export function districtOf(catalog: Catalog): AreaOf {
  return (lat, lon) => catalog.jurisdiction.districts.find((d) => pointInBoundary(d.boundary, lat, lon))?.id;
}

export class ConsultationResultsSink implements Sink {
  readonly name = 'consultation-results';

  constructor(
    private readonly deps: { store: ConsultationResultsStore; catalog: Catalog; logger: Logger },
  ) {}

  accepts(kind: string): boolean {
    return kind === CONSULTATION_RESPONSE || kind === 'erasure_request';
  }

  async deliver(submission: Submission): Promise<void> {
    if (submission.kind === 'erasure_request') return this.unlink(submission.payload as ErasureClaims);
    const parsed = consultationResponseSchema.safeParse(submission.payload);
    if (!parsed.success) {
      // Not retryable: a payload that does not fit will not fit next time either.
      this.deps.logger.error({ submissionId: submission.id }, 'consultation response does not fit its schema; not counted');
      return;
    }
    const response = parsed.data;
    const c = this.deps.catalog.consultations.find((x) => x.id === response.consultationId);
    if (!c) {
      this.deps.logger.warn({ submissionId: submission.id, consultation: response.consultationId }, 'response to a consultation no longer in the catalogue; not counted');
      return;
    }
    const outcome = await this.deps.store.record(response, countersOf(c, response, districtOf(this.deps.catalog)));
    if (outcome === 'stale') this.deps.logger.info({ submissionId: submission.id }, 'an earlier response arrived after its replacement; not counted');
  }

  private async unlink(payload: ErasureClaims): Promise<void> {
    for (const claim of payload.claims ?? []) {
      if (!claim.scope.startsWith('consultation:')) continue;
      await this.deps.store.unlink(claim.scope.slice('consultation:'.length), claim.participant);
    }
  }
}
