/**
 * Report references without a round trip per report. A process reserves a block of reference
 * numbers with one INCRBY on one key (SessionStore.reserveReferenceNumbers: never the same number
 * twice, across processes and restarts) and turns each number into a 6-character code with a keyed
 * permutation of the whole code space (29^6 codes, ids.ts REFERENCE_ALPHABET): a Feistel network of
 * 6 rounds over two halves of 29^3 each, its round function HMAC-SHA256 keyed with the deployment
 * secret. A permutation never maps two numbers to one code, and without the key the codes look
 * random (numbers 1, 2, 3 do not give neighbouring codes). References drawn at random before this
 * may equal a code: each block's references are claimed at once (one more round trip per block,
 * SET NX per reference key) and a taken one is skipped. So a report's reference costs 2 round
 * trips per REFERENCE_BLOCK reports instead of one each; its conversation is named later, by the
 * outbox relay (Submission.referenceOwner). Past the last number (594,823,321), or on a store
 * without blocks, the engine draws at random and the turn claims as before.
 */
import { createHmac } from 'node:crypto';
import { REFERENCE_ALPHABET, REFERENCE_LENGTH } from '../engine/ids';
import type { EngineEvent } from '../engine/events';
import type { SessionStore, Submission } from '../state/types';

/** References reserved at a time by one process. */
export const REFERENCE_BLOCK = 64;
/**
 * A turn that finds this many at hand or fewer reserves the next block in the background, so the
 * list rarely runs dry under load: when it does, every turn that found one at hand a moment
 * before and lost the race for the last draws at random and claims it with a round trip of its
 * own (about 1 report in 8 did, at 64 conversations at once).
 */
export const REFERENCE_LOW_WATER = 16;

const RADIX = REFERENCE_ALPHABET.length;
const HALF = RADIX ** (REFERENCE_LENGTH / 2);
/** How many codes there are: every number below is one code. */
export const REFERENCE_SPACE = HALF * HALF;
const ROUNDS = 6;

/** The code of reference number `n` (0 <= n < REFERENCE_SPACE): a keyed permutation, see above. */
export function referenceCode(n: number, secret: string): string {
  if (!Number.isSafeInteger(n) || n < 0 || n >= REFERENCE_SPACE) throw new RangeError(`reference number out of range: ${n}`);
  let left = Math.floor(n / HALF);
  let right = n % HALF;
  for (let round = 0; round < ROUNDS; round++) {
    const f = createHmac('sha256', secret).update(`${round}:${right}`).digest().readUInt32BE(0) % HALF;
    [left, right] = [right, (left + f) % HALF];
  }
  let value = left * HALF + right;
  let code = '';
  for (let i = 0; i < REFERENCE_LENGTH; i++) {
    code = REFERENCE_ALPHABET[value % RADIX]! + code;
    value = Math.floor(value / RADIX);
  }
  return code;
}

/** One process's references at hand, claimed, for one prefix (the catalogue's). */
export class ReferenceBlocks {
  #ready: string[] = [];
  #refilling: Promise<void> | undefined;
  #exhausted = false;

  constructor(
    private readonly store: Pick<SessionStore, 'reserveReferenceNumbers' | 'claimReferences'>,
    private readonly secret: string,
    private readonly prefix: string,
    private readonly blockSize = REFERENCE_BLOCK,
  ) {}

  /**
   * True when a reference is at hand (called before each step), reserving a block first if none
   * is (one turn at a time refills); at the low-water mark the next block is reserved in the
   * background instead (a failure there is left to a later call, which reserves again).
   */
  async ensure(): Promise<boolean> {
    while (this.#ready.length === 0 && !this.#exhausted) await this.#startRefill();
    if (this.#ready.length <= REFERENCE_LOW_WATER && !this.#exhausted) this.#startRefill().catch(() => undefined);
    return this.#ready.length > 0;
  }

  /** The next claimed reference with `prefix`, or undefined (none at hand, or another prefix: the engine then draws one). */
  take(prefix: string): string | undefined {
    return prefix === this.prefix ? this.#ready.shift() : undefined;
  }

  /** References at hand. */
  get available(): number {
    return this.#ready.length;
  }

  /** Resolves when no reservation is under way (tests). */
  async settled(): Promise<void> {
    await this.#refilling?.catch(() => undefined);
  }

  /** The reservation under way, else a new one: never two at once. */
  #startRefill(): Promise<void> {
    this.#refilling ??= this.refill().finally(() => {
      this.#refilling = undefined;
    });
    return this.#refilling;
  }

  private async refill(): Promise<void> {
    const { reserveReferenceNumbers, claimReferences } = this.store;
    if (!reserveReferenceNumbers || !claimReferences) {
      this.#exhausted = true;
      return;
    }
    const first = await reserveReferenceNumbers.call(this.store, this.blockSize);
    const numbers = Array.from({ length: this.blockSize }, (_, i) => first + i).filter((n) => n < REFERENCE_SPACE);
    if (numbers.length === 0) {
      this.#exhausted = true;
      return;
    }
    const references = numbers.map((n) => `${this.prefix}-${referenceCode(n, this.secret)}`);
    const claimed = await claimReferences.call(this.store, references);
    this.#ready.push(...references.filter((_, i) => claimed[i]));
  }
}

/** The turn's submissions, each result's whose reference came from the blocks with its owner to write (the relay does). */
export function withReferenceOwners(submissions: readonly Submission[], events: readonly EngineEvent[], fromBlocks: ReadonlySet<string>, ttlSeconds: number): Submission[] {
  const owned = new Map<string, string>();
  for (const e of events) if (e.type === 'result_submitted' && e.reference !== undefined && fromBlocks.has(e.reference)) owned.set(e.id, e.reference);
  if (owned.size === 0) return [...submissions];
  return submissions.map((s) => {
    const reference = owned.get(s.id);
    return reference !== undefined ? { ...s, referenceOwner: { reference, ttlSeconds } } : s;
  });
}
