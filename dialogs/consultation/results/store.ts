/**
 * Where a consultation's delivered responses and its aggregate counters live (issue 12). The
 * results sink (sink.ts) records each response as the outbox delivers it: at-least-once and in
 * any order, so recording is idempotent by response id, a participant's later response (the one
 * naming it in `replaces`, else the later `submittedAt`) replaces their earlier one (its counters are subtracted, the new ones added, in one atomic step), and
 * an earlier one arriving after its replacement is ignored ("stale"). Counters are sums of
 * counters.ts contributions; `rebuild` recomputes them from the stored responses.
 *
 * The participant (a pseudonym, src/runtime/once-claims.ts) is kept beside the response, not in
 * it, so "delete my data" can unlink it: the response stays as the anonymous record it is.
 */
import type { DeliveredConsultationResponse } from '../result';

/** A response as stored: without its participant (kept apart, see `participantOf`). */
export type StoredResponse = Omit<DeliveredConsultationResponse, 'participant' | 'replaces'>;

export type RecordOutcome = 'recorded' | 'replaced' | 'duplicate' | 'stale';

export interface ResponsePage {
  responses: (StoredResponse & { participant?: string })[];
  /** '0' when there are no more. */
  cursor: string;
}

export interface ConsultationResultsStore {
  /** Records a delivered response with its counters; see the file comment for the outcomes. */
  record(response: DeliveredConsultationResponse, counters: Readonly<Record<string, number>>): Promise<RecordOutcome>;
  /** The consultation's counters (names as in counters.ts). One round trip. */
  counters(consultationId: string): Promise<Record<string, number>>;
  /** Current responses, a page at a time (start with cursor '0'), each with its participant while linked. */
  scan(consultationId: string, cursor: string, count: number): Promise<ResponsePage>;
  /** How many current responses are stored. */
  size(consultationId: string): Promise<number>;
  /** "Delete my data": the participant's response stays, no longer linked to them. */
  unlink(consultationId: string, participant: string): Promise<void>;
  /**
   * Retention (catalogue `consultation_responses_days`): deletes the responses submitted before
   * `before` (ISO) with their participant links; the counters, anonymous sums, are kept.
   * Returns how many were deleted.
   */
  expire(consultationId: string, before: string): Promise<number>;
  /**
   * Replaces the counters with a recomputation over every stored response. A response recorded
   * meanwhile makes it start again (at most `attempts` times, then it throws).
   */
  rebuild(consultationId: string, countersOf: (r: StoredResponse) => Record<string, number>, attempts?: number): Promise<{ responses: number }>;
}

/**
 * Whether a response submitted at `at` with `id` is newer than one held as `heldAt`/`heldId`
 * (ties by id). A response that names the held one in `replaces` is newer regardless.
 */
export function isNewer(at: string, id: string, heldAt: string, heldId: string): boolean {
  return at > heldAt || (at === heldAt && id > heldId);
}

interface MemoryConsultation {
  responses: Map<string, StoredResponse>;
  counters: Map<string, number>;
  /** participant -> the current response's time and id. */
  current: Map<string, { at: string; id: string }>;
  /** response id -> participant (while linked). */
  who: Map<string, string>;
  contributions: Map<string, Readonly<Record<string, number>>>;
  /** Ids a later response replaced. */
  replaced: Set<string>;
  mods: number;
}

/** The store in one process's memory (the embedded default, `npm start`). */
export class MemoryConsultationResultsStore implements ConsultationResultsStore {
  readonly #byConsultation = new Map<string, MemoryConsultation>();

  #of(id: string): MemoryConsultation {
    let c = this.#byConsultation.get(id);
    if (!c) this.#byConsultation.set(id, (c = { responses: new Map(), counters: new Map(), current: new Map(), who: new Map(), contributions: new Map(), replaced: new Set(), mods: 0 }));
    return c;
  }

  async record(response: DeliveredConsultationResponse, counters: Readonly<Record<string, number>>): Promise<RecordOutcome> {
    const c = this.#of(response.consultationId);
    if (c.responses.has(response.id)) return 'duplicate';
    if (c.replaced.has(response.id)) return 'stale';
    const held = c.current.get(response.participant);
    if (held && response.replaces !== held.id && !isNewer(response.submittedAt, response.id, held.at, held.id)) return 'stale';
    if (held) {
      this.#remove(c, held.id);
      c.replaced.add(held.id);
    }
    const { participant, replaces: _replaces, ...stored } = response;
    c.responses.set(response.id, stored);
    c.current.set(participant, { at: response.submittedAt, id: response.id });
    c.who.set(response.id, participant);
    c.contributions.set(response.id, { ...counters });
    for (const [name, d] of Object.entries(counters)) add(c.counters, name, d);
    c.mods += 1;
    return held ? 'replaced' : 'recorded';
  }

  #remove(c: MemoryConsultation, id: string): void {
    for (const [name, d] of Object.entries(c.contributions.get(id) ?? {})) add(c.counters, name, -d);
    c.responses.delete(id);
    c.contributions.delete(id);
    c.who.delete(id);
  }

  async counters(consultationId: string): Promise<Record<string, number>> {
    return Object.fromEntries(this.#of(consultationId).counters);
  }

  async scan(consultationId: string, cursor: string, count: number): Promise<ResponsePage> {
    const c = this.#of(consultationId);
    const all = [...c.responses.values()];
    const from = Number(cursor) || 0;
    const page = all.slice(from, from + count).map((r) => {
      const participant = c.who.get(r.id);
      return participant === undefined ? { ...r } : { ...r, participant };
    });
    const next = from + count;
    return { responses: page, cursor: next >= all.length ? '0' : String(next) };
  }

  async size(consultationId: string): Promise<number> {
    return this.#of(consultationId).responses.size;
  }

  async unlink(consultationId: string, participant: string): Promise<void> {
    const c = this.#of(consultationId);
    const held = c.current.get(participant);
    c.current.delete(participant);
    if (held) c.who.delete(held.id);
  }

  async expire(consultationId: string, before: string): Promise<number> {
    const c = this.#of(consultationId);
    let n = 0;
    for (const r of [...c.responses.values()]) {
      if (r.submittedAt >= before) continue;
      const participant = c.who.get(r.id);
      if (participant !== undefined && c.current.get(participant)?.id === r.id) c.current.delete(participant);
      c.responses.delete(r.id);
      c.contributions.delete(r.id);
      c.who.delete(r.id);
      n += 1;
    }
    return n;
  }

  async rebuild(consultationId: string, countersOf: (r: StoredResponse) => Record<string, number>): Promise<{ responses: number }> {
    const c = this.#of(consultationId);
    c.counters.clear();
    for (const r of c.responses.values()) {
      const counters = countersOf(r);
      c.contributions.set(r.id, counters);
      for (const [name, d] of Object.entries(counters)) add(c.counters, name, d);
    }
    return { responses: c.responses.size };
  }
}

function add(counters: Map<string, number>, name: string, d: number): void {
  const v = (counters.get(name) ?? 0) + d;
  if (v === 0) counters.delete(name);
  else counters.set(name, v);
}
