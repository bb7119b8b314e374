/**
 * Bytes Redis keeps for one conversation under attack (issue 9, finding 3): a person sends 200
 * messages of 20,000 characters (the web chat's largest) at the description question, each with
 * its own message id (so each reply is remembered for duplicates), through the real runtime on
 * Redis. Measured with MEMORY USAGE over every key of the conversation; before the caps this
 * was about 4 MB (200 full echoes in the transcript plus 200 remembered replies).
 */
import type { Input } from '../src/engine/input';
import { runTurn } from '../src/runtime/turn';
import type { Wiring } from '../src/server/compose';
import { waitUntilReady } from '../src/state/redis-calls';
import { createRedisClient } from '../src/state/redis-connection';
import { historyKey, keyPart } from '../src/state/redis-keys';
import { REPORT_ANSWERS } from './report-script';

const MESSAGES = 200;
const CHARS = 20_000;

/** Runs the flood on a fresh conversation and returns what Redis holds for it. */
export async function benchStorageFlood(wiring: Wiring, redisUrl: string) {
  const conversationId = `bench-flood-${Date.now()}`;
  const turn = (input: Input, i: number, create = false) =>
    runTurn(wiring.runtime, { conversationId, channel: 'bench', input, dedupeId: `f:${i}`, ...(create ? { create: { channelData: {} } } : {}) });
  await turn({ kind: 'start', payload: 'report:pothole' }, -1, true);
  // Up to the description question (the first text answer of the script).
  for (const [i, input] of REPORT_ANSWERS.entries()) {
    if (input.kind === 'text') break;
    await turn(input, 1000 + i);
  }
  for (let i = 0; i < MESSAGES; i++) await turn({ kind: 'text', text: `${i} ${'ش'.repeat(CHARS - 6)}` }, i);

  const client = createRedisClient(redisUrl);
  await waitUntilReady(client, 2000, 'bench');
  try {
    const [, keys] = await client.scan('0', 'MATCH', `wegov:{${keyPart(conversationId)}}:*`, 'COUNT', 100_000);
    let bytes = 0;
    for (const key of keys) bytes += Number(await client.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
    const transcript = await client.lrange(historyKey(conversationId), 0, -1);
    return {
      messages: MESSAGES,
      charsPerMessage: CHARS,
      bytesPerConversation: bytes,
      transcriptMessagesKept: transcript.length,
      transcriptJsonBytes: transcript.reduce((sum, json) => sum + Buffer.byteLength(json), 0),
    };
  } finally {
    client.disconnect();
  }
}
