/**
 * Sign-up answers for rosters (issue 13): what each volunteer answered to a shift's sign-up
 * questions, kept by sign-up id so staff see them next to the person's place. The sign-up store
 * (signups/store.ts) holds places, not answers; the answers arrive with the `volunteer_signup`
 * result (answers-sink.ts). Redis: one HASH per shift, `wegov:{shift:<id>}:answers` (the shift's
 * own slot, beside its places), sign-up id -> answers JSON. An entry whose sign-up is no longer
 * on the shift (cancelled, erased) is deleted the next time the roster is read (`prune`).
 */
import type { Json } from '../../../src/engine/json';
import type { RedisCalls } from '../../../src/state/redis-calls';
import { keyPart } from '../../../src/state/redis-keys';

export type SignUpAnswers = Record<string, Json>;

export interface AnswersStore {
  record(shiftId: string, signUpId: string, answers: SignUpAnswers): Promise<void>;
  /** The answers of the shift's sign-ups, by sign-up id. */
  of(shiftId: string): Promise<Record<string, SignUpAnswers>>;
  /** Deletes the entries of sign-ups that are no longer on the shift. */
  prune(shiftId: string, stale: readonly string[]): Promise<void>;
}

export class MemoryAnswersStore implements AnswersStore {
  readonly #shifts = new Map<string, Map<string, SignUpAnswers>>();

  async record(shiftId: string, signUpId: string, answers: SignUpAnswers): Promise<void> {
    let s = this.#shifts.get(shiftId);
    if (!s) this.#shifts.set(shiftId, (s = new Map()));
    s.set(signUpId, structuredClone(answers));
  }

  async of(shiftId: string): Promise<Record<string, SignUpAnswers>> {
    return Object.fromEntries([...(this.#shifts.get(shiftId) ?? new Map<string, SignUpAnswers>())].map(([id, a]) => [id, structuredClone(a)]));
  }

  async prune(shiftId: string, stale: readonly string[]): Promise<void> {
    for (const id of stale) this.#shifts.get(shiftId)?.delete(id);
  }
}

const answersKey = (shiftId: string): string => `wegov:{shift:${keyPart(shiftId)}}:answers`;

export class RedisAnswersStore implements AnswersStore {
  constructor(private readonly calls: RedisCalls) {}

  async record(shiftId: string, signUpId: string, answers: SignUpAnswers): Promise<void> {
    await this.calls.call('roster.answers.record', (c) => c.hset(answersKey(shiftId), signUpId, JSON.stringify(answers)));
  }

  async of(shiftId: string): Promise<Record<string, SignUpAnswers>> {
    const all = await this.calls.call('roster.answers.of', (c) => c.hgetall(answersKey(shiftId)));
    const out: Record<string, SignUpAnswers> = {};
    for (const [id, json] of Object.entries(all)) {
      const parsed = JSON.parse(json) as unknown;
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) out[id] = parsed as SignUpAnswers;
    }
    return out;
  }

  async prune(shiftId: string, stale: readonly string[]): Promise<void> {
    if (stale.length === 0) return;
    await this.calls.call('roster.answers.prune', (c) => c.hdel(answersKey(shiftId), ...stale));
  }
}
