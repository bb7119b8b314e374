/**
 * A private, throw-away redis-server for tests: unix socket only (no TCP port), no
 * persistence unless asked (`durable`), in a fresh temp directory. Used by the jest global setup and by tests that
 * need a server of their own (e.g. to freeze it with SIGSTOP).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertDaemonPid, readPidFile, signalDaemon } from './daemon-pid';

export interface PrivateRedis {
  /** `unix:///.../redis.sock` */
  url: string;
  socketPath: string;
  pid: number;
  dir: string;
}

const READY_STEP_MS = 50;
const READY_CAP_MS = 10_000;

/**
 * Start a daemonised redis-server and wait until it answers PING. `dir` reuses a directory
 * (and so the socket path) of a server stopped earlier, to test reconnection. `durable`: an
 * append-only file fsynced on every write (`--appendonly yes --appendfsync always`), so a
 * server killed and started again in the same `dir` has everything it acknowledged.
 */
export async function startPrivateRedis(dir = mkdtempSync(join(tmpdir(), 'wegov-redis-')), opts: { durable?: boolean } = {}): Promise<PrivateRedis> {
  const socketPath = join(dir, 'redis.sock');
  const pidFile = join(dir, 'redis.pid');
  const result = spawnSync(
    'redis-server',
    [
      '--port', '0',
      '--unixsocket', socketPath,
      '--unixsocketperm', '700',
      '--save', '',
      ...(opts.durable ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']),
      '--daemonize', 'yes',
      '--pidfile', pidFile,
      '--dir', dir,
      '--logfile', join(dir, 'redis.log'),
    ],
    { encoding: 'utf8' },
  );
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    rmSync(dir, { recursive: true, force: true });
    throw new Error('redis-server not found: install it (apt-get install -y redis-server) or set REDIS_URL');
  }
  if (result.error || result.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`redis-server failed to start (exit ${String(result.status)}): ${result.stderr || result.stdout}`, {
      cause: result.error,
    });
  }
  await waitForPong(socketPath, dir);
  const pid = await readPidFile(pidFile);
  return { url: `unix://${socketPath}`, socketPath, pid, dir };
}

/** Kill the server (SIGKILL: a crash) and remove its directory unless `keepDir`. */
export async function stopPrivateRedis(server: Pick<PrivateRedis, 'pid' | 'dir'>, keepDir = false): Promise<void> {
  if (isAlive(server.pid)) {
    signalDaemon(server.pid, 'SIGCONT'); // a test may have left it stopped
    signalDaemon(server.pid, 'SIGKILL');
    const deadline = Date.now() + 5_000;
    while (isAlive(server.pid) && Date.now() < deadline) await sleep(READY_STEP_MS);
  }
  if (!keepDir) rmSync(server.dir, { recursive: true, force: true });
}

/** True while the process runs (a zombie left by a daemon's exit counts as gone). */
export function isAlive(pid: number): boolean {
  assertDaemonPid(pid);
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
  // A daemon is re-parented; where PID 1 does not reap, a dead one lingers as a zombie.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

async function waitForPong(socketPath: string, dir: string): Promise<void> {
  const deadline = Date.now() + READY_CAP_MS;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      if (await pingOnce(socketPath)) return;
    } catch (err) {
      last = err; // not listening yet: keep polling until the cap
    }
    await sleep(READY_STEP_MS);
  }
  let log = '';
  try {
    log = readFileSync(join(dir, 'redis.log'), 'utf8');
  } catch (err) {
    log = `(no log: ${String(err)})`;
  }
  throw new Error(`redis-server did not answer PING on ${socketPath} within ${READY_CAP_MS} ms\n${log}`, { cause: last });
}

function pingOnce(socketPath: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    let reply = '';
    socket.setTimeout(1_000, () => socket.destroy(new Error('PING timed out')));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (reply.includes('\r\n')) {
        socket.end();
        resolve(reply.startsWith('+PONG'));
      }
    });
    socket.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
