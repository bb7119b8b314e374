/**
 * The WeGov server under test, in a process of its own (forked by server-ipc.ts): the real app
 * from compose, configured as the bench's in-process phases are (rate limits raised out of the
 * way, logging silent, the outbox relay's sweep every 60 s: submissions go through the relay's
 * own hand-over, not the sweep), on 127.0.0.1 and a free port. Its environment (REDIS_URL,
 * WEGOV_SUBMISSIONS_FILE) comes from the parent. Over IPC it reports its port, the Redis round
 * trips of its stores, rate limiters and abuse controls, and its own memory, and closes cleanly
 * (server, relay, stores) on request.
 */
import { loadConfig } from '../src/config';
import { createLogger } from '../src/log';
import { setHeapGrowth } from '../src/runtime/heap-growth';
import { compose } from '../src/server/compose';
import { requestTiming } from './request-timing';
import { serveOverIpc } from './server-ipc';

/** The bench's WeGov configuration (run.ts's in-process phases use the same). */
export const BENCH_WEGOV_ENV = {
  PORT: '0',
  HOST: '127.0.0.1',
  WEGOV_RATE_SESSIONS_PER_MINUTE: '1000000',
  WEGOV_RATE_MESSAGES_PER_MINUTE: '1000000',
  LOG_LEVEL: 'silent',
} as const;

/** The relay's sweep interval in the bench. */
export const BENCH_RELAY_INTERVAL_MS = 60_000;

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, ...BENCH_WEGOV_ENV });
  // As `wegov start` does (WEGOV_HEAP_GROWTH_PERCENT, default 10).
  setHeapGrowth(config.heapGrowthPercent);
  const wiring = await compose(config, createLogger({ level: 'silent' }), { relayIntervalMs: BENCH_RELAY_INTERVAL_MS });
  const server = wiring.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const address = server.address();
  serveOverIpc({
    port: typeof address === 'object' && address ? address.port : 0,
    roundTrips: () => wiring.redisRoundTrips(),
    timing: requestTiming(server),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await wiring.relay.idle();
      await wiring.close();
    },
  });
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`wegov server failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
