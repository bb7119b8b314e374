/**
 * The floor under the HTTP ratio: the bare express app (bare-express.ts) plus one Redis call a
 * message, the least a turn with Redis state can do: a compare-and-set script that reads the
 * conversation's stored string (version and a session of a report's size) and writes the next
 * version, through the same client settings as WeGov's stores (src/state/redis-connection.ts:
 * ioredis, auto-pipelined). Measured beside bare express and WeGov in the HTTP phase (http.ts),
 * it tells what share of the gap to bare express is the Redis round trip and what is WeGov's own
 * work per turn.
 */
import type { Server } from 'node:http';
import { createRedisClient, type RedisClient } from '../src/state/redis-connection';
import { startBareExpress } from './bare-express';

/** KEYS: the conversation's string. ARGV: the session text. Returns the new version. */
const COMMIT_LIKE_LUA = `
local stored = redis.call('GET', KEYS[1])
local version = 0
if stored then version = tonumber(string.match(stored, '^(%d+),')) or 0 end
version = version + 1
redis.call('SET', KEYS[1], version .. ',' .. ARGV[1], 'EX', 3600)
return version
`;

/** A mid-report session's size in text (about what WeGov stores: `npm run bench`'s storage figures). */
const SESSION = JSON.stringify({ schema: 2, stack: [{ flow: 'report', answers: { category: 'pothole', location: { lat: 30.2711, lon: -97.7437 } } }], pad: 'x'.repeat(560) });

export async function startFloorExpress(redisUrl: string): Promise<{ url: string; server: Server; redis: RedisClient }> {
  const redis = createRedisClient(redisUrl, { autoPipelining: true });
  redis.defineCommand('benchFloorCommit', { numberOfKeys: 1, lua: COMMIT_LIKE_LUA });
  const commit = redis as unknown as { benchFloorCommit(key: string, session: string): Promise<number> };
  const started = await startBareExpress(async (sessionId) => {
    await commit.benchFloorCommit(`bench:floor:{${sessionId}}`, SESSION);
  });
  return { ...started, redis };
}
