/**
 * Who looks after which asset (issue 13, Adopt-a-Drain): one adopter per asset, taken atomically
 * (memory-store.ts, redis-store.ts: one contract test). The adopter is the person's pseudonym in
 * the scope `adopt`; the conversation id lets the agency's nudges reach them. Nothing else about
 * the person is kept.
 */

/** What the person last said about the asset ("My adoptions"). */
export type AssetState = 'cleared' | 'needs_city';

export interface Adoption {
  assetId: string;
  /** The person's pseudonym in the scope `adopt`. */
  adopter: string;
  conversationId: string;
  /** The name the person gave it ("Drainy McDrainface"), if any. */
  name?: string;
  adoptedAt: string;
  state?: AssetState;
  stateAt?: string;
}

export type TakeOutcome = { outcome: 'taken'; adoption: Adoption } | { outcome: 'yours'; adoption: Adoption } | { outcome: 'taken_by_other' };

export interface AdoptionStore {
  /** Takes the asset for the adopter unless someone holds it (theirs already: `yours`). */
  take(a: Adoption): Promise<TakeOutcome>;
  /** Releases the adopter's adoption of the asset: the released adoption, or null when it was not theirs. */
  release(assetId: string, adopter: string): Promise<Adoption | null>;
  /** Records what the adopter said about it; false when it is not theirs. */
  record(assetId: string, adopter: string, state: AssetState, at: string): Promise<boolean>;
  /** Who holds the asset now, if anyone. */
  get(assetId: string): Promise<Adoption | null>;
  ofAdopter(adopter: string): Promise<Adoption[]>;
  /** Every adoption, in asset id order. */
  all(): Promise<Adoption[]>;
  /** The adopted assets among `assetIds`. */
  taken(assetIds: readonly string[]): Promise<Set<string>>;
}

export const byAssetId = (a: Adoption, b: Adoption): number => a.assetId.localeCompare(b.assetId);
