/**
 * The runtime phases of `npm run bench`: whole turns in-process (session cache, step, render,
 * commit), the round trips they cost, and what Redis keeps per conversation afterwards.
 *
 * Round trips: `redisRoundTripsPerTurn` is every Redis call the process makes for turns during
 * the phase, on the stores', rate limiters' and abuse controls' connections (turns, the
 * process's reference blocks, "once" lookups, the outbox relay's settle: report
 * records, reference owners and acknowledgements, one pipeline per batch) divided by the turns;
 * `turnStoreCalls` counts only what the turns asked of their SessionStore, by kind (a reference
 * claimed on its own, `reserveReference`, happens only when no block reference is at hand).
 * Storage: MEMORY USAGE of each conversation's keys (session hash, `seen` hash, transcript list),
 * and INFO memory's `used_memory_dataset` before and after the phase for everything it left behind.
 */
import { performance } from 'node:perf_hooks';
import type { Input } from '../src/engine';
import { runTurn } from '../src/runtime/turn';
import type { Wiring } from '../src/server/compose';
import { createRedisClient } from '../src/state/redis-connection';
import { historyKey, seenKey, sessionKey } from '../src/state/redis-keys';
import { redisCpuSeconds } from './redis-cpu';
import { percentile, REPORT_ANSWERS } from './report-script';

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** Wraps the runtime's SessionStore to count its calls by method (each is one round trip on Redis). */
function countStoreCalls(wiring: Wiring): Map<string, number> {
  const calls = new Map<string, number>();
  const store = wiring.runtime.store;
  wiring.runtime.store = new Proxy(store, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.set(String(prop), (calls.get(String(prop)) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return calls;
}

/** `users` residents each filing pothole reports (8 turns, each with a message id) for `seconds`. */
export async function benchRuntime(wiring: Wiring, label: string, opts: { seconds: number; users: number }) {
  const deadline = performance.now() + opts.seconds * 1000;
  const latencies: number[] = [];
  const tripsBefore = wiring.redisRoundTrips().count;
  const calls = countStoreCalls(wiring);
  let reports = 0;
  const ids: string[] = [];
  const t0 = performance.now();
  const worker = async (w: number) => {
    while (performance.now() < deadline) {
      const conversationId = `bench-${label}-${w}-${reports++}`;
      ids.push(conversationId);
      const inputs: Input[] = [{ kind: 'start', payload: 'report:pothole' }, ...REPORT_ANSWERS];
      for (const [i, input] of inputs.entries()) {
        const s = performance.now();
        const result = await runTurn(wiring.runtime, {
          conversationId,
          channel: 'bench',
          input,
          dedupeId: `b:${i}`,
          // A new id, as the web chat mints one: nothing to load.
          ...(i === 0 ? { create: { channelData: {}, fresh: true } } : {}),
        });
        if (result.kind !== 'ok') throw new Error(`turn failed: ${result.kind}`);
        latencies.push(performance.now() - s);
      }
    }
  };
  await Promise.all(Array.from({ length: opts.users }, (_, w) => worker(w)));
  await wiring.relay.idle();
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const turns = latencies.length;
  const trips = wiring.redisRoundTrips().count - tripsBefore;
  const per = (method: string): number => round2((calls.get(method) ?? 0) / turns);
  return {
    ids,
    turns,
    turnsPerSecond: Math.round(turns / seconds),
    p50ms: percentile(latencies, 50),
    p99ms: percentile(latencies, 99),
    ...(wiring.stores.kind === 'redis'
      ? {
          redisRoundTripsPerTurn: round2(trips / turns),
          // load + commit: what an ordinary turn costs; with the rest (blocks, the relay's settle) the average goal is <= 1.1.
          turnStoreCalls: { loadPlusCommitPerTurn: round2(per('load') + per('commit')), load: per('load'), commit: per('commit'), reserveReference: per('reserveReference') },
        }
      : {}),
  };
}

/** Redis's `used_memory_dataset` (used_memory less client buffers, scripts and other fixed overhead), in bytes. */
export async function usedMemory(redisUrl: string): Promise<number> {
  return withClient(redisUrl, async (client) => datasetBytes(await client.info('memory')));
}

/** Redis's CPU time so far (redis-cpu.ts), µs. */
export async function redisCpuMicros(redisUrl: string): Promise<number> {
  return withClient(redisUrl, async (client) => Math.round((await redisCpuSeconds(client)) * 1e6));
}

function datasetBytes(info: string): number {
  return Number(/used_memory_dataset:(\d+)/.exec(info)?.[1] ?? Number.NaN);
}

/**
 * What Redis keeps for the conversations `ids` (each `messagesPerConversation` messages), read
 * with MEMORY USAGE (all samples); `usedBefore`: used_memory before they were written.
 */
export async function redisStorage(redisUrl: string, ids: readonly string[], messagesPerConversation: number, usedBefore: number) {
  return withClient(redisUrl, async (client) => {
    const usage = async (keys: string[]): Promise<number[]> => {
      const pipeline = client.pipeline();
      for (const key of keys) pipeline.call('MEMORY', 'USAGE', key, 'SAMPLES', '0');
      return ((await pipeline.exec()) ?? []).map(([err, bytes]) => (err ? 0 : Number(bytes ?? 0)));
    };
    let session = 0;
    let seen = 0;
    let transcript = 0;
    for (let i = 0; i < ids.length; i += 500) {
      const page = ids.slice(i, i + 500);
      session += (await usage(page.map(sessionKey))).reduce((a, b) => a + b, 0);
      seen += (await usage(page.map(seenKey))).reduce((a, b) => a + b, 0);
      transcript += (await usage(page.map(historyKey))).reduce((a, b) => a + b, 0);
    }
    const usedAfter = datasetBytes(await client.info('memory'));
    const n = ids.length;
    const messages = n * messagesPerConversation;
    return {
      conversations: n,
      messagesPerConversation,
      // An idle conversation: its session hash and its message ids (goal under 1 KB).
      idleSessionBytes: Math.round((session + seen) / n),
      sessionHashBytes: Math.round(session / n),
      seenHashBytes: Math.round(seen / n),
      transcriptBytesPerConversation: Math.round(transcript / n),
      // Per message beyond the transcript: the message ids alone (dedupe); the conversation's own
      // keys (session and seen hashes, the session amortised over the report's messages); and all
      // the dataset grew by (references, the outbox queue's jobs and events included: fixed costs
      // weigh heavily on a short phase).
      dedupeBytesPerMessage: Math.round(seen / messages),
      conversationBytesBeyondTranscriptPerMessage: Math.round((session + seen) / messages),
      datasetGrowthBeyondTranscriptPerMessage: Math.round((usedAfter - usedBefore - transcript) / messages),
    };
  });
}

async function withClient<T>(redisUrl: string, fn: (client: ReturnType<typeof createRedisClient>) => Promise<T>): Promise<T> {
  const client = createRedisClient(redisUrl);
  await new Promise<void>((resolve, reject) => {
    client.once('ready', () => resolve());
    client.once('error', reject);
  });
  try {
    return await fn(client);
  } finally {
    client.disconnect();
  }
}
