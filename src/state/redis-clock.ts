/**
 * Commit deadlines, in Redis's own clock.
 *
 * A command timeout cannot recall a command already written to the socket: with Redis frozen
 * (a long fork, a paused VM, SIGSTOP), a turn's commit times out, the person is told "nothing
 * was changed" (503), and the queued commit would still apply when Redis resumes. So every
 * commit carries a deadline and COMMIT_LUA refuses itself, writing nothing, when Redis runs it
 * after that: Redis's TIME is compared with the caller's clock plus the offset measured here
 * (one TIME call per connection and every RESYNC_MS after, never on a turn's own path).
 *
 * The deadline falls a margin (deadlineMargin) before the command timeout, so a commit that applies is
 * one whose caller is still waiting for the answer: the margin covers the offset's error (half
 * the measuring round trip, which must be shorter than the margin), the reply's way back and timers
 * running late. A commit refused in that margin is answered like a timeout: 503, nothing changed.
 * Until the first measurement (the first round trip after connecting) commits carry no deadline.
 * A cluster is measured on one node: its masters are assumed to keep the same time (NTP).
 */
import type { RedisClient } from './redis-connection';
import { waitUntilReady, type RoundTripCounter } from './redis-calls';

/** Offsets are measured again this often (the clocks may drift; NTP steps them). */
export const RESYNC_MS = 60_000;
/** A measurement that failed or was too vague is tried again after this long, never per turn. */
export const RETRY_MS = 1_000;

/** How long before the command timeout a commit's deadline falls: a quarter, 100 ms at least, half at most. */
export function deadlineMargin(commandTimeoutMs: number): number {
  return Math.min(Math.max(100, commandTimeoutMs / 4), commandTimeoutMs / 2);
}

/** Redis's TIME reply in ms. */
function timeMs(reply: readonly (string | number)[]): number {
  return Number(reply[0]) * 1000 + Math.floor(Number(reply[1]) / 1000);
}

/** Keeps the offset between this process's clock and Redis's. */
export class RedisClock {
  #offsetMs: number | undefined;
  #measuredAt = Number.NEGATIVE_INFINITY;
  #triedAt = Number.NEGATIVE_INFINITY;
  /** The measurement under way. */
  #measuring: Promise<void> | false = false;

  constructor(
    private readonly client: RedisClient,
    private readonly counter: RoundTripCounter,
    /** The client's command timeout; undefined (it waits for ever): commits carry no deadline. */
    private readonly commandTimeoutMs: number | undefined,
    private readonly now: () => number = Date.now,
  ) {
    if (commandTimeoutMs === undefined) return;
    client.on('ready', () => this.#measure());
    if (client.status === 'ready') this.#measure();
  }

  /** The Redis time (ms) after which a commit sent now must not apply; 0 (none) until measured. */
  commitDeadline(): number {
    if (this.commandTimeoutMs === undefined) return 0;
    const now = this.now();
    if (now - this.#measuredAt > RESYNC_MS && now - this.#triedAt > RETRY_MS) this.#measure();
    if (this.#offsetMs === undefined) return 0;
    const timeout = this.commandTimeoutMs;
    return Math.floor(now + this.#offsetMs + timeout - deadlineMargin(timeout));
  }

  /** Measure now, trying up to `attempts` times; resolves with the offset (undefined if every try was vague or failed). */
  async sync(attempts = 5): Promise<number | undefined> {
    if (this.commandTimeoutMs === undefined) return undefined;
    try {
      await waitUntilReady(this.client, this.commandTimeoutMs, 'clock');
    } catch {
      return this.#offsetMs; // unreachable: measured on connecting
    }
    for (let i = 0; i < attempts; i += 1) {
      while (this.#measuring) await this.#measuring;
      this.#measure();
      if (this.#measuring) await this.#measuring;
      if (this.now() - this.#measuredAt < RETRY_MS) return this.#offsetMs;
    }
    return this.#offsetMs;
  }

  #measure(): void {
    if (this.#measuring || this.commandTimeoutMs === undefined || this.client.status !== 'ready') return;
    const margin = deadlineMargin(this.commandTimeoutMs);
    this.counter.add('clock');
    const sent = this.now();
    this.#triedAt = sent;
    this.#measuring = this.client
      .time()
      .then((reply) => {
        const received = this.now();
        // The offset is off by up to half the round trip: too vague past the margin.
        if (received - sent >= margin) return;
        this.#offsetMs = timeMs(reply) - (sent + received) / 2;
        this.#measuredAt = received;
      })
      .catch(() => {
        // Redis unreachable: calls fail on their own; measured again on reconnecting.
      })
      .finally(() => {
        this.#measuring = false;
      });
  }
}
