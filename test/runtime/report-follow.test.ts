/**
 * The agency's answer can come weeks after the report: a conversation with a report still open
 * is kept for WEGOV_REPORT_FOLLOW_DAYS, not the one-day idle expiry, so the status update finds
 * it. Once every report is closed (or the person erases their data) it expires as usual.
 */
import type { RedisClient } from '../../src/state/redis-connection';
import { deliverStatusUpdate } from '../../src/runtime/status-updates';
import { createRedisClient } from '../../src/state/redis-connection';
import { historyKey, sessionKey } from '../../src/state/redis-keys';
import { testRedisUrl } from '../setup/redis';
import { createSession, fileReport, referenceIn, RIVERSIDE_PIN, say, startHarness, type Harness } from '../server/harness';

const DAY = 86_400;
let h: Harness;
let redis: RedisClient;
beforeAll(async () => {
  h = await startHarness('redis', { env: { WEGOV_SESSION_TTL_SECONDS: String(DAY), WEGOV_REPORT_FOLLOW_DAYS: '90' } });
  redis = createRedisClient(testRedisUrl());
});
afterAll(async () => {
  redis?.disconnect();
  await h?.close();
});

const ttlOf = (key: string): Promise<number> => redis.ttl(key);

it('a chat without a report expires after a day; with an open report after 90 days; closed, after a day again', async () => {
  const idle = await createSession(h.app);
  await say(h.app, idle, { text: 'hello' });
  // A web chat session id is its conversation id.
  const idleTtl = await ttlOf(sessionKey(idle.sessionId));
  expect(idleTtl).toBeGreaterThan(0);
  expect(idleTtl).toBeLessThanOrEqual(DAY);

  const s = await createSession(h.app);
  const reference = referenceIn(await fileReport(h.app, s, { ...RIVERSIDE_PIN, description: 'Broken streetlight', contact: null }));
  const conversationId = (await h.wiring.runtime.store.lookupReference(reference))!;
  expect(await ttlOf(sessionKey(conversationId))).toBeGreaterThan(89 * DAY);
  expect(await ttlOf(historyKey(conversationId))).toBeGreaterThan(89 * DAY);

  // Acknowledged: still open, still followed.
  expect(await deliverStatusUpdate(h.wiring.runtime, { reference, status: 'acknowledged' })).toBe('delivered');
  expect(await ttlOf(sessionKey(conversationId))).toBeGreaterThan(89 * DAY);
  // Closed: the person has read the last word; the conversation goes back to the idle expiry.
  expect(await deliverStatusUpdate(h.wiring.runtime, { reference, status: 'closed', notes: 'Fixed' })).toBe('delivered');
  expect(await ttlOf(sessionKey(conversationId))).toBeLessThanOrEqual(DAY);
});
