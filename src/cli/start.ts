import type { Server } from 'node:http';
import { loadConfig, type Role } from '../config';
import { createLogger, type Logger } from '../log';
import { setHeapGrowth } from '../runtime/heap-growth';
import { errorSummary } from '../log';
import { startMetricsServer } from '../server/metrics-server';
import { compose, type Wiring } from '../server/compose';

/** How long a memory-mode process keeps delivering queued reports after SIGTERM. */
const DRAIN_MS = 10_000;

/** A started process and how to stop it gracefully. */
export interface Running {
  wiring: Wiring;
  /** What the process runs (WEGOV_ROLE or `--role`). */
  role: Role;
  /** Unset in a worker process (no HTTP). */
  server: Server | undefined;
  url: string | undefined;
  logger: Logger;
  stop(): Promise<void>;
}

/**
 * `wegov start [--role all|web|worker]`: config -> catalogue -> i18n -> stores -> app -> listen.
 * Returns once the port is open (a worker opens none: it runs the background work only). `stop()`
 * stops accepting, ends live streams, waits for requests in flight and closes the stores.
 */
export async function start(env: NodeJS.ProcessEnv = process.env, options: { signals?: boolean; role?: Role } = {}): Promise<Running> {
  const config = loadConfig(options.role !== undefined ? { ...env, WEGOV_ROLE: options.role } : env);
  const logger = createLogger({ level: config.logLevel, format: config.logFormat });
  setHeapGrowth(config.heapGrowthPercent);
  const wiring = await compose(config, logger);
  const server = config.role === 'worker' ? undefined : await listen(wiring, config.port, config.host);
  const address = server?.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = server ? `http://${shownHost}:${port}` : undefined;
  const metricsServer = config.metrics.port !== undefined ? await startMetricsServer(wiring.runtime.metrics.registry, config.metrics.port, config.metrics.host) : undefined;
  if (metricsServer) logger.info({ metrics: `http://${config.metrics.host}:${config.metrics.port}/metrics` }, 'metrics are served on their own port');
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      logger.info('shutting down');
      const closed = server ? new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))) : Promise.resolve();
      wiring.streams.closeAll();
      server?.closeIdleConnections();
      await closed;
      metricsServer?.close();
      // In memory, queued deliveries die with the process, after the person was told "sent":
      // deliver them first, and say plainly if any are left.
      const left = (await wiring.outbox.queue.drain?.(DRAIN_MS)) ?? 0;
      if (left > 0) logger.warn({ undelivered: left }, 'stopping with deliveries still queued in memory: they are lost (set REDIS_URL to keep them across restarts)');
      await wiring.close();
      logger.info('stopped');
    })();
    return stopping;
  };
  const running: Running = { wiring, role: config.role, server, url, logger, stop };
  // Signals are handled before the listening line goes out: whoever waits for that line (a
  // supervisor, a test) may send SIGTERM at once, and must get a clean stop, not a kill.
  if (options.signals) stopOnSignals(running);
  const details = {
    role: config.role,
    store: wiring.stores.kind,
    catalog: wiring.catalog.source,
    submissionsFile: config.submissionsFile,
    outbox: { queue: wiring.outbox.queue.kind, workers: config.role === 'worker' || (config.role === 'all' && config.outbox.workers) },
  };
  if (!url) logger.info(details, 'WeGov worker running (deliveries, reminders, status polling, retention); no HTTP');
  else
    logger.info(
      { url, ...details },
      wiring.stores.kind === 'memory'
        ? `WeGov is listening on ${url}; state is kept in memory (set REDIS_URL to use Redis)`
        : `WeGov is listening on ${url}; state is kept in Redis`,
    );
  return running;
}

async function listen(wiring: Wiring, port: number, host: string): Promise<Server> {
  const server = wiring.app.listen(port, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  return server;
}

/** Stops on SIGINT/SIGTERM; a second signal exits at once. */
export function stopOnSignals(running: Running): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signalled) process.exit(1);
    signalled = true;
    running.logger.info({ signal }, 'signal received');
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        running.logger.error({ err: errorSummary(error) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
