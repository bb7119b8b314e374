/**
 * A server under test in a process of its own (the WeGov app in wegov-server.ts, the bare
 * express baseline in bare-express-server.ts), so its memory is its own: RSS sampled in the
 * bench process would count every earlier phase's data, the load generator's bookkeeping and
 * the other server. The parent forks the entry with `child_process.fork` (as http-load.ts does
 * for the load generators) and talks to it over the IPC channel: the child announces
 * `{ type: 'ready', port }`, then answers requests (each with an id) to read the stores'
 * round-trip counter, to time requests inside it (request-timing.ts), to start and stop sampling its own memory (rss.ts, every 100 ms inside the
 * child) and to shut down cleanly. Plain Node IPC (JSON messages): both ends are this
 * directory's code, so the messages are typed, not validated.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { sampleRss, type MemorySample, type RssPeak } from './rss';
import type { ServerTiming } from './request-timing';
import { measureStalls, type Stalls } from './stalls';

/** Redis round trips so far, in all and by operation (src/state/redis-calls.ts RoundTripCounter). */
export interface RoundTrips {
  count: number;
  byOperation: Record<string, number>;
}

/** What the parent asks. */
export type ServerRequest =
  | { id: number; type: 'roundTrips' }
  | { id: number; type: 'rssStart'; seriesEveryMs?: number }
  | { id: number; type: 'rssStop' }
  | { id: number; type: 'cpu' }
  | { id: number; type: 'timingStart' }
  | { id: number; type: 'timingStop' }
  | { id: number; type: 'close' };

/** What the child says. */
export type ServerMessage = { type: 'ready'; port: number } | { type: 'reply'; id: number; value: unknown } | { type: 'failed'; id: number; error: string };

/** The memory a child sampled between rssStart and rssStop. */
export type ServerRss = RssPeak & { series: MemorySample[]; stalls: Stalls };

/** The child's side: what it can do besides sampling its memory. */
export interface ServedProcess {
  port: number;
  /** Redis round trips so far: stores, rate limiters, abuse controls (the bare server has none). */
  roundTrips(): RoundTrips;
  /** Response times inside the server (request-timing.ts). */
  timing: { start(): void; stop(): ServerTiming };
  /** Stops listening and releases everything; the process then exits. */
  close(): Promise<void>;
}

const send = (message: ServerMessage): void => {
  process.send?.(message);
};

/** In the child: announces the port, then serves the parent's requests until `close`. */
export function serveOverIpc(served: ServedProcess): void {
  let stop: (() => ServerRss) | undefined;
  const start = (seriesEveryMs?: number): (() => ServerRss) => {
    const memory = sampleRss(100, seriesEveryMs);
    const stalls = measureStalls();
    return () => ({ ...memory(), stalls: stalls() });
  };
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => (closing ??= served.close());
  process.on('message', (raw) => {
    const request = raw as ServerRequest;
    const reply = (value: unknown): void => send({ type: 'reply', id: request.id, value });
    switch (request.type) {
      case 'roundTrips':
        reply(served.roundTrips());
        return;
      case 'cpu': {
        const { user, system } = process.cpuUsage();
        reply(user + system);
        return;
      }
      case 'timingStart':
        served.timing.start();
        reply(null);
        return;
      case 'timingStop':
        reply(served.timing.stop());
        return;
      case 'rssStart':
        stop?.();
        stop = start(request.seriesEveryMs);
        reply(null);
        return;
      case 'rssStop': {
        const figures = stop?.();
        stop = undefined;
        reply(figures ?? null);
        return;
      }
      case 'close':
        stop?.();
        close().then(
          () => {
            reply(null);
            process.disconnect?.();
            setImmediate(() => process.exit(0));
          },
          (error: unknown) => {
            send({ type: 'failed', id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
            process.exit(1);
          },
        );
    }
  });
  // The parent went away without asking: do not linger.
  process.on('disconnect', () => {
    void close().finally(() => process.exit(0));
  });
  send({ type: 'ready', port: served.port });
}

/** In the parent: a server process, its URL and its requests. */
export interface ServerProcess {
  url: string;
  pid: number;
  roundTrips(): Promise<RoundTrips>;
  /** The server process's CPU time so far (user and system), µs. */
  cpuMicros(): Promise<number>;
  /** Starts timing requests inside the server; timingStop returns the figures since. */
  timingStart(): Promise<void>;
  timingStop(): Promise<ServerTiming>;
  /** Starts sampling the child's memory every 100 ms; with `seriesEveryMs`, also keeps a point that often. */
  rssStart(seriesEveryMs?: number): Promise<void>;
  /** Stops sampling; the peak (and the series) since rssStart. */
  rssStop(): Promise<ServerRss>;
  /** Asks the child to close its server and stores, and waits for it to exit. */
  close(): Promise<void>;
}

/** Forks `script` (a .js file in this directory, built) with `env`, and waits for it to listen. */
export function startServerProcess(script: string, env: NodeJS.ProcessEnv, execArgv: string[] = process.execArgv): Promise<ServerProcess> {
  const child: ChildProcess = fork(path.join(__dirname, script), [], { env, execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let exited = false;
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exit.then((code) => {
    exited = true;
    for (const { reject } of pending.values()) reject(new Error(`${script} exited with code ${code}`));
    pending.clear();
  });
  const ask = (request: Omit<ServerRequest, 'id'>): Promise<unknown> => {
    if (exited) return Promise.reject(new Error(`${script} has exited`));
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      child.send({ ...request, id });
    });
  };
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    void exit.then((code) => reject(new Error(`${script} exited with code ${code} before it listened`)));
    child.on('message', (raw) => {
      const message = raw as ServerMessage;
      if (message.type === 'ready') {
        resolve({
          url: `http://127.0.0.1:${message.port}`,
          pid: child.pid ?? 0,
          roundTrips: async () => (await ask({ type: 'roundTrips' })) as RoundTrips,
          cpuMicros: async () => (await ask({ type: 'cpu' })) as number,
          timingStart: async () => {
            await ask({ type: 'timingStart' });
          },
          timingStop: async () => (await ask({ type: 'timingStop' })) as ServerTiming,
          rssStart: async (seriesEveryMs) => {
            await ask({ type: 'rssStart', seriesEveryMs } as Omit<ServerRequest, 'id'>);
          },
          rssStop: async () => (await ask({ type: 'rssStop' })) as ServerRss,
          close: async () => {
            if (!exited) await ask({ type: 'close' }).catch(() => undefined);
            await exit;
          },
        });
        return;
      }
      const waiting = pending.get(message.id);
      if (!waiting) return;
      pending.delete(message.id);
      if (message.type === 'reply') waiting.resolve(message.value);
      else waiting.reject(new Error(`${script}: ${message.error}`));
    });
  });
}

/** The WeGov server (wegov-server.ts) on `env`'s Redis and files. */
export const startWegovServer = (env: NodeJS.ProcessEnv, execArgv?: string[]): Promise<ServerProcess> =>
  startServerProcess('wegov-server.js', env, execArgv);

/** The bare express baseline (bare-express-server.ts). */
export const startBareExpressServer = (): Promise<ServerProcess> => startServerProcess('bare-express-server.js', process.env);

/** The floor: bare express plus one Redis call a message (floor-express.ts), on `env`'s REDIS_URL. */
export const startFloorExpressServer = (env: NodeJS.ProcessEnv): Promise<ServerProcess> =>
  startServerProcess('bare-express-server.js', { ...process.env, BENCH_FLOOR_REDIS_URL: env.REDIS_URL ?? '' });
