/**
 * Nudges in process, for the embedded default (no REDIS_URL, `npm start`): the same contract as
 * the BullMQ queue (queue.ts) with p-limit (3.1.0, already used by the photo decode pool) bounding
 * how many adopters are told at once, and the deployment's rate (`perMinute`, a fixed one-minute
 * window like BullMQ's limiter). Nothing survives a restart: a nudge still pending is lost with
 * the process, as everything in memory is. A job that throws is retried after `backoffMs`, up to
 * NUDGE_ATTEMPTS in all.
 */
import pLimit from 'p-limit';
import { messageKey, NUDGE_ATTEMPTS, type DeliverNudge, type Nudge, type NudgeProgress, type NudgeQueue, type NudgeTarget, type StartOutcome } from './queue';

interface State {
  nudge: Nudge;
  targets: Map<string, NudgeTarget>;
  outcomes: Map<string, 'delivered' | 'unreachable'>;
}

export class MemoryNudgeQueue implements NudgeQueue {
  readonly kind = 'memory' as const;
  private readonly nudges = new Map<string, State>();
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly waiting: { state: State; target: NudgeTarget }[] = [];
  private deliver: DeliverNudge | undefined;
  private closed = false;
  private window = { startedAt: 0, count: 0 };

  constructor(private readonly opts: { concurrency?: number; perMinute?: number; backoffMs?: number; now?: () => number } = {}) {
    this.limit = pLimit(opts.concurrency ?? 4);
  }

  async start(nudge: Nudge, targets: readonly NudgeTarget[]): Promise<StartOutcome> {
    const known = this.nudges.get(nudge.id);
    if (known && (known.nudge.type !== nudge.type || messageKey(known.nudge.message) !== messageKey(nudge.message))) return { outcome: 'conflict', type: known.nudge.type };
    const state = known ?? { nudge, targets: new Map(), outcomes: new Map() };
    this.nudges.set(nudge.id, state);
    for (const target of targets) {
      if (state.targets.has(target.adopter)) continue;
      state.targets.set(target.adopter, target);
      this.enqueue(state, target);
    }
    return { outcome: 'queued', adopters: state.targets.size };
  }

  async progress(nudgeId: string): Promise<NudgeProgress | null> {
    const state = this.nudges.get(nudgeId);
    if (!state) return null;
    const count = (o: 'delivered' | 'unreachable'): number => [...state.outcomes.values()].filter((x) => x === o).length;
    const delivered = count('delivered');
    const unreachable = count('unreachable');
    return { nudgeId, type: state.nudge.type, adopters: state.targets.size, delivered, unreachable, pending: state.targets.size - delivered - unreachable };
  }

  startWorker(deliver: DeliverNudge): void {
    if (this.deliver || this.closed) return;
    this.deliver = deliver;
    for (const w of this.waiting.splice(0)) this.enqueue(w.state, w.target);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.limit.clearQueue();
  }

  private enqueue(state: State, target: NudgeTarget, attempt = 1): void {
    if (this.closed) return;
    if (!this.deliver) {
      this.waiting.push({ state, target });
      return;
    }
    const deliver = this.deliver;
    void this.limit(async () => {
      if (this.closed || state.outcomes.has(target.adopter)) return;
      await this.slot();
      if (this.closed) return;
      try {
        const told = await deliver({ id: state.nudge.id, message: state.nudge.message }, target);
        state.outcomes.set(target.adopter, told === 'delivered' ? 'delivered' : 'unreachable');
      } catch {
        // Retried after a pause, then counted unreachable (the caller's deliver logs the cause).
        if (attempt >= NUDGE_ATTEMPTS) state.outcomes.set(target.adopter, 'unreachable');
        else setTimeout(() => this.enqueue(state, target, attempt + 1), this.opts.backoffMs ?? 1000).unref();
      }
    });
  }

  /** Waits for a place in this minute's window (`perMinute`). */
  private async slot(): Promise<void> {
    const perMinute = this.opts.perMinute;
    if (perMinute === undefined) return;
    const now = this.opts.now ?? Date.now;
    for (;;) {
      const t = now();
      if (t - this.window.startedAt >= 60_000) this.window = { startedAt: t, count: 0 };
      if (this.window.count < perMinute) {
        this.window.count += 1;
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 60_000 - (t - this.window.startedAt)).unref());
      if (this.closed) return;
    }
  }
}
