/**
 * Issue 15's goals beside this run's figures, first in `npm run bench`'s output: each measure, the
 * figure, the goal and whether this run met it. The figures are the same ones reported in full
 * further down (http, runtimeRedis, engineVsBotbuilder, outbox, storage, rssPeakMb); this only
 * puts them next to their goals, so a run can be read at a glance and two runs compared.
 */
import type { DeliveryFigures } from './outbox';

export interface Goal {
  measure: string;
  figure: number | null;
  goal: string;
  met: boolean | null;
}

/** What the goals read of a run. */
export interface GoalInputs {
  httpRatio: { c64: number; c256: number };
  /** The floor's ratio (bare express plus one Redis call a message, floor-express.ts), when measured. */
  floorRatio?: { c64: number | null; c256: number | null };
  paced: { c64: { p50ms: number; p99ms: number }; c256: { p50ms: number; p99ms: number } };
  redisRoundTripsPerHttpTurn: number;
  redisRoundTripsPerRuntimeTurn: number | null;
  engineVsBotbuilder: number;
  bullmq: Record<string, DeliveryFigures>;
  idleSessionBytes: number;
  dedupeBytesPerMessage: number;
  rssPeakMb: (number | null)[];
}

const atLeast = (measure: string, figure: number, goal: number): Goal => ({ measure, figure, goal: `>= ${goal}`, met: figure >= goal });
const atMost = (measure: string, figure: number | null, goal: number): Goal => ({ measure, figure, goal: `<= ${goal}`, met: figure === null ? null : figure <= goal });
const under = (measure: string, figure: number | null, goal: number): Goal => ({ measure, figure, goal: `< ${goal}`, met: figure === null ? null : figure < goal });

export function issue15Goals(r: GoalInputs): Goal[] {
  const bullmq = Object.values(r.bullmq);
  const best = bullmq.reduce<DeliveryFigures | undefined>((a, b) => (a === undefined || b.deliveredPerSecond > a.deliveredPerSecond ? b : a), undefined);
  const rss = r.rssPeakMb.filter((mb): mb is number => mb !== null);
  return [
    atLeast('HTTP turns/s over bare express, closed loop at 64', r.httpRatio.c64, 0.7),
    atLeast('HTTP turns/s over bare express, closed loop at 256', r.httpRatio.c256, 0.7),
    // What the goal allows for: express plus the one Redis round trip a turn needs, no WeGov code.
    { measure: 'floor (bare express + one Redis call) over bare express, closed loop at 64', figure: r.floorRatio?.c64 ?? null, goal: 'reported', met: null },
    { measure: 'p50 ms, 64 conversations paced', figure: r.paced.c64.p50ms, goal: 'reported', met: null },
    { measure: 'p99 ms, 64 conversations paced', figure: r.paced.c64.p99ms, goal: 'reported', met: null },
    { measure: 'p50 ms, 256 conversations paced', figure: r.paced.c256.p50ms, goal: 'reported', met: null },
    under('p99 ms, 256 conversations paced', r.paced.c256.p99ms, 20),
    atMost('Redis round trips per HTTP turn (every connection)', r.redisRoundTripsPerHttpTurn, 1.1),
    atMost('Redis round trips per turn in-process (the stores)', r.redisRoundTripsPerRuntimeTurn, 1.1),
    atLeast('engine turns/s over botbuilder-dialogs', r.engineVsBotbuilder, 10),
    atLeast('outbox deliveries/s, BullMQ (best concurrency)', best?.deliveredPerSecond ?? 0, 2000),
    under('outbox submit -> delivered p99 ms at half that rate', best?.p99ms ?? null, 100),
    under('stored bytes per idle session', r.idleSessionBytes, 1024),
    under('Redis bytes per message beyond the transcript (message ids)', r.dedupeBytesPerMessage, 100),
    under('server RSS peak under load, MB', rss.length > 0 ? Math.max(...rss) : null, 200),
  ];
}
