/**
 * Volunteer sign-ups on RedisClient, for `npm run bench` (issue 13: "sign-ups/s against one shift and
 * across 1,000 shifts"). Each sign-up is what a person's "sign me up" costs the store: one
 * round trip (the per-person index and the shift's script, pipelined), `IN_FLIGHT` at once over
 * `CLIENTS` connections, every person different.
 *
 * - oneShift: `SIGNUPS` sign-ups against one shift whose capacity is half of them (so the script
 *   runs both ways, confirmed then waitlisted), all on one hash tag (one Redis thread, the
 *   contended case): sign-ups/s, p50/p99 ms, round trips per sign-up, and the outcome counts
 *   (exactly `capacity` confirmed is checked, else it throws);
 * - across1000Shifts: `SIGNUPS` sign-ups spread over 1,000 shifts of 10 places with a waitlist:
 *   sign-ups/s, and reading the counts of all 1,000 shifts (one pipelined round trip), ms.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { RedisClient } from '../src/state/redis-connection';
import { RedisSignUpStore } from '../dialogs/volunteer/signups/redis-store';
import type { SignUpOutcome } from '../dialogs/volunteer/signups/store';
import { RedisCalls, RoundTripCounter, waitUntilReady } from '../src/state/redis-calls';
import { createRedisClient } from '../src/state/redis-connection';
import { percentile } from './report-script';

const SIGNUPS = Number(process.env.BENCH_VOLUNTEER_SIGNUPS ?? 20_000);
const IN_FLIGHT = 64;
const CLIENTS = 4;
const SHIFTS = 1000;

interface Run {
  signUpsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  outcomes: Record<string, number>;
}

async function run(stores: RedisSignUpStore[], prefix: string, shiftOf: (n: number) => string, capacity: number): Promise<Run> {
  const ms: number[] = [];
  const outcomes: Record<string, number> = {};
  let next = 0;
  const t0 = performance.now();
  const worker = async (w: number) => {
    const store = stores[w % stores.length]!;
    for (let n = next++; n < SIGNUPS; n = next++) {
      const s = performance.now();
      const o: SignUpOutcome = await store.signUp({ id: `${prefix}-${String(n)}`, shiftId: shiftOf(n), person: `${prefix}-person-${String(n)}`, conversationId: `${prefix}-conv-${String(n)}`, capacity, waitlist: true, at: new Date(Date.UTC(2026, 11, 1) + n).toISOString() });
      ms.push(performance.now() - s);
      outcomes[o.outcome] = (outcomes[o.outcome] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, (_, w) => worker(w)));
  const seconds = (performance.now() - t0) / 1000;
  ms.sort((a, b) => a - b);
  return { signUpsPerSecond: Math.round(SIGNUPS / seconds), p50Ms: Math.round(percentile(ms, 50) * 100) / 100, p99Ms: Math.round(percentile(ms, 99) * 100) / 100, outcomes };
}

export async function benchVolunteerSignups(redisUrl: string) {
  const clients: RedisClient[] = Array.from({ length: CLIENTS }, () => createRedisClient(redisUrl));
  try {
    await Promise.all(clients.map((c) => waitUntilReady(c, 5000, 'bench')));
    const counter = new RoundTripCounter();
    const stores = clients.map((c) => new RedisSignUpStore(new RedisCalls(c, counter, 5000)));
    // Fresh ids per run: nothing from an earlier run is met.
    const tag = randomUUID().slice(0, 8);

    const shift = `bench-one-${tag}`;
    const capacity = SIGNUPS / 2;
    const oneShift = await run(stores, `one-${tag}`, () => shift, capacity);
    const roundTripsPerSignUp = counter.count / SIGNUPS;
    const held = (await stores[0]!.counts([shift]))[shift]!;
    if (held.confirmed !== capacity || held.waitlisted !== SIGNUPS - capacity) throw new Error(`one shift overbooked or lost sign-ups: ${JSON.stringify(held)}`);

    const shifts = Array.from({ length: SHIFTS }, (_, i) => `bench-many-${tag}-${String(i)}`);
    const across1000Shifts = await run(stores, `many-${tag}`, (n) => shifts[n % SHIFTS]!, 10);
    const t0 = performance.now();
    const counts = await stores[1]!.counts(shifts);
    const countsMs = Math.round((performance.now() - t0) * 10) / 10;
    const confirmed = Object.values(counts).reduce((sum, c) => sum + c.confirmed, 0);
    if (Object.values(counts).some((c) => c.confirmed > 10)) throw new Error('a shift was overbooked');

    return {
      signUps: SIGNUPS,
      inFlight: IN_FLIGHT,
      connections: CLIENTS,
      oneShift: { ...oneShift, capacity, roundTripsPerSignUp },
      across1000Shifts: { ...across1000Shifts, shifts: SHIFTS, confirmed, countsOf1000ShiftsMs: countsMs },
    };
  } finally {
    for (const c of clients) c.disconnect();
  }
}
