/**
 * The bare express baseline (bare-express.ts) in a process of its own, forked by server-ipc.ts
 * as the WeGov server is (wegov-server.ts), so the servers are treated alike: each has a
 * process and an event loop to itself, and its memory is its own. With BENCH_FLOOR_REDIS_URL it
 * is the floor instead (floor-express.ts: the same app plus one Redis call a message).
 */
import { startBareExpress } from './bare-express';
import { startFloorExpress } from './floor-express';
import { requestTiming } from './request-timing';
import { serveOverIpc } from './server-ipc';

async function main(): Promise<void> {
  const floorRedis = process.env.BENCH_FLOOR_REDIS_URL;
  const floor = floorRedis ? await startFloorExpress(floorRedis) : undefined;
  const { url, server } = floor ?? (await startBareExpress());
  serveOverIpc({
    port: Number(new URL(url).port),
    roundTrips: () => ({ count: 0, byOperation: {} }),
    timing: requestTiming(server),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      floor?.redis.disconnect();
    },
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`bare express server failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
