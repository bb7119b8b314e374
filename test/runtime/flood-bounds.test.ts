/**
 * Issue 9, finding 3, end to end: a person sending 200 messages of 20,000 characters (the web
 * chat's largest) at a 4,000-character question keeps a few dozen kilobytes, not megabytes:
 * each refused message is echoed as a short preview, the accepted answer is echoed whole, the
 * stores cap the transcript in bytes, and nothing the person gave is lost.
 */
import type { RedisClient } from '../../src/state/redis-connection';
import { REFUSED_ECHO_MAX_CHARS } from '../../src/runtime/render';
import { waitUntilReady } from '../../src/state/redis-calls';
import { createRedisClient } from '../../src/state/redis-connection';
import { DEFAULT_HISTORY_MAX_BYTES } from '../../src/state/store-limits';
import type { StoredMessage } from '../../src/state/types';
import { testRedisUrl } from '../setup/redis';
import { createSession, eventually, history, lastQuestion, say, startHarness, submissionLines, type ChatSession, type Harness, type StoreKind } from '../server/harness';
import type { Express } from 'express';

const FLOOD = 200;
const HUGE = 20_000;

/** Answers the pothole report's questions by choice id until the description (the first text question). */
async function reachDescription(app: Express, s: ChatSession): Promise<void> {
  let q = lastQuestion(s.messages);
  for (let guard = 0; guard < 20; guard++) {
    const ids = q.choices?.map((c) => c.id) ?? [];
    let body: object;
    if (q.expects === 'text') return;
    if (ids.includes('report')) body = { choice: 'report' };
    else if (ids.includes('_new')) body = { choice: '_new' };
    else if (ids.includes('pothole')) body = { choice: 'pothole' };
    else if (ids.includes('streets')) body = { choice: 'streets' };
    else if (ids.includes('small')) body = { choice: 'small' };
    else if (q.expects === 'location') body = { location: { lat: 30.271234, lon: -97.741234 } };
    else if (ids.includes('_skip')) body = { choice: '_skip' };
    else if (ids.includes('yes') && ids.includes('no')) body = { choice: 'no' };
    else throw new Error(`unexpected question: ${JSON.stringify(q)}`);
    q = lastQuestion(await say(app, s, body));
  }
  throw new Error('no description question');
}

const bytesOf = (messages: readonly StoredMessage[]): number => messages.reduce((sum, m) => sum + Buffer.byteLength(JSON.stringify(m)), 0);

/** MEMORY USAGE of every key of one conversation. */
async function redisBytes(raw: RedisClient, conversationId: string): Promise<number> {
  const [, keys] = await raw.scan('0', 'MATCH', `wegov:{${conversationId}}:*`, 'COUNT', 100_000);
  let total = 0;
  for (const key of keys) total += Number(await raw.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
  return total;
}

describe.each<StoreKind>(['memory', 'redis'])('a flood of over-long messages (%s store)', (kind) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(kind);
  });
  afterEach(async () => {
    await h.close();
  });

  it('keeps a preview of each refused message, the accepted answer whole, the conversation under its caps, and loses nothing', async () => {
    const s = await createSession(h.app);
    await reachDescription(h.app, s);

    for (let i = 0; i < FLOOD; i++) {
      const text = `${String(i).padStart(3, '0')} ${'ش'.repeat(HUGE - 4)}`;
      const reply = await say(h.app, s, { text, clientMessageId: `flood-${i}` });
      expect(reply.length).toBeGreaterThan(0); // every message is answered
      if (i === 0) {
        const echo = (await history(h.app, s)).filter((m) => m.from === 'user').at(-1);
        // Shown as received, cut to a preview with an ellipsis.
        expect(echo?.text).toBe(`${[...text].slice(0, REFUSED_ECHO_MAX_CHARS).join('')}…`);
      }
    }
    // The person's accepted answer (trimmed, exactly at the limit) is echoed whole.
    const description = `Pothole ${'é'.repeat(3992)}`;
    expect([...description]).toHaveLength(4000);
    let q = lastQuestion(await say(h.app, s, { text: `  ${description}\n` }));
    const afterAnswer = await history(h.app, s);
    expect(afterAnswer.filter((m) => m.from === 'user').at(-1)?.text).toBe(description);

    const transcript = await history(h.app, s);
    expect(bytesOf(transcript)).toBeLessThanOrEqual(DEFAULT_HISTORY_MAX_BYTES);
    // A retried request still gets its own reply, the newest in full.
    const again = await say(h.app, s, { text: 'x'.repeat(HUGE), clientMessageId: `flood-${FLOOD - 1}` });
    expect(again.length).toBeGreaterThan(0);

    if (kind === 'redis') {
      const raw = createRedisClient(testRedisUrl());
      await waitUntilReady(raw, 2000, 'test');
      try {
        // Transcript cap (plus the list's own overhead) + the session, which holds the 4,000-character
        // answer (about 8 KB) + the remembered message ids (tens of bytes each, bounded). Before: about 4 MB.
        expect(await redisBytes(raw, s.sessionId)).toBeLessThan(DEFAULT_HISTORY_MAX_BYTES + 32 * 1024);
      } finally {
        await raw.quit();
      }
    }

    // Nothing lost: the report reaches the agency with the whole description.
    for (let guard = 0; guard < 10 && !q.choices?.some((c) => c.id === '_submit'); guard++) {
      const ids = q.choices?.map((c) => c.id) ?? [];
      q = lastQuestion(await say(h.app, s, { choice: ids.includes('anonymous') ? 'anonymous' : ids.includes('_new') ? '_new' : (ids.find((id) => id === '_skip' || id === 'no') ?? ids[0] ?? '') }));
    }
    await say(h.app, s, { choice: '_submit' });
    const line = await eventually(() => submissionLines(h.submissionsFile)[0]);
    expect(line.payload.description).toBe(description);
  }, 60_000);
});
