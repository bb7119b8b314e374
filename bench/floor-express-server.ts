/**
 * The floor (floor-express.ts: bare express plus one Redis call a message) in a process of its
 * own, forked by server-ipc.ts as the WeGov and bare express servers are. REDIS_URL from the parent.
 */
import { requestTiming } from './request-timing';
import { startFloorExpress } from './floor-express';
import { serveOverIpc } from './server-ipc';

async function main(): Promise<void> {
  const redisUrl = process.env.REDIS_URL;
  if (!redisUrl) throw new Error('REDIS_URL is required');
  const { url, server, redis } = await startFloorExpress(redisUrl);
  serveOverIpc({
    port: Number(new URL(url).port),
    roundTrips: () => ({ count: 0, byOperation: {} }),
    timing: requestTiming(server),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      redis.disconnect();
    },
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`floor express server failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
