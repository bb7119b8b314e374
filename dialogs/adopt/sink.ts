/**
 * WeGov's own sink for adoptions (`wegov.adoptions`): takes erasure requests ("delete my data")
 * and releases every asset the person adopted. The request carries the person's pseudonym in
 * the scope `adopt` among its claims (the module's allOnceScopes), so adoptions made from their
 * other conversations are released too (the agency's list shows them free; its webhook already
 * gets the signed `person.erasure_requested`). Idempotent: a repeat finds nothing to release.
 */
import type { Sink } from '../../src/sinks/types';
import type { Submission } from '../../src/state/types';
import type { Adoption } from './store/store';

export const ADOPTIONS_SINK_KEY = 'wegov.adoptions';
export const ADOPT_SCOPE = 'adopt';

/** The erasure request's claims (src/privacy/erasure-request.ts), as far as this sink reads them. */
interface ErasureClaims {
  claims?: { scope: string; participant: string }[];
}

export class AdoptionsSink implements Sink {
  readonly name = 'adoptions';

  constructor(private readonly releaseAll: (adopter: string) => Promise<Adoption[]>) {}

  accepts(kind: string): boolean {
    return kind === 'erasure_request';
  }

  async deliver(submission: Submission): Promise<void> {
    const payload = submission.payload as ErasureClaims;
    for (const claim of payload.claims ?? []) {
      if (claim.scope === ADOPT_SCOPE) await this.releaseAll(claim.participant);
    }
  }
}
