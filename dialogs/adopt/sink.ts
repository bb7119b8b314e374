/**
 * WeGov's own sink for adoptions (`wegov.adoptions`): takes erasure requests ("delete my data")
 * and ends every adoption of the person. The request carries the person's pseudonym in the scope
 * `adopt` among its claims (the module's allOnceScopes), so adoptions made from their other
 * conversations end too. For each, the agency gets an `asset_released` (reason `erased`, no
 * pseudonym: released.ts) through the outbox like a release in the chat, queued before the asset is
 * freed: a delivery that fails in between is retried by the outbox and repeats nothing (the
 * result's id comes from the adoption; a repeat finds nothing left to release).
 */
import type { Sink } from '../../src/sinks/types';
import type { Submission } from '../../src/state/types';

export const ADOPTIONS_SINK_KEY = 'wegov.adoptions';
export const ADOPT_SCOPE = 'adopt';

/** The erasure request's claims (src/privacy/erasure-request.ts), as far as this sink reads them. */
interface ErasureClaims {
  /** `contact`: only a withdrawn consent to be contacted; adoptions stay. */
  scope?: string;
  claims?: { scope: string; participant: string }[];
}

export class AdoptionsSink implements Sink {
  readonly name = 'adoptions';

  /** `forget` ends the adopter's adoptions and tells the agencies; resolves to how many. */
  constructor(private readonly forget: (adopter: string) => Promise<number>) {}

  accepts(kind: string): boolean {
    return kind === 'erasure_request';
  }

  async deliver(submission: Submission): Promise<void> {
    const payload = submission.payload as ErasureClaims;
    if (payload.scope === 'contact') return;
    for (const claim of payload.claims ?? []) {
      if (claim.scope === ADOPT_SCOPE) await this.forget(claim.participant);
    }
  }
}
