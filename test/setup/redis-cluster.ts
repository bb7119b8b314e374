/**
 * A throw-away Redis Cluster for tests: three redis-server masters in cluster mode on free
 * loopback ports (private directory, no persistence unless `durable`), joined with
 * `redis-cli --cluster create ... --cluster-replicas 0`, ready once every node's `CLUSTER INFO`
 * says `cluster_state:ok`.
 *
 * - `startRedisCluster()` / `stopRedisCluster()`: a cluster of one's own (any test or script).
 * - `restartClusterNode()`: SIGKILL one master and start it again in its directory (same port,
 *   same nodes.conf, so the same node id and slots). With no replicas a master restarted without
 *   persistence comes back empty; a `durable` cluster (append-only file fsynced on every write,
 *   as WeGov asks of production Redis) comes back with everything it acknowledged.
 * - `testRedisCluster()`: the run's shared cluster, started lazily by the first test file that
 *   asks (others wait for it) and stopped by the jest global teardown; REDIS_CLUSTER_NODES, when
 *   set, is used instead and never flushed. A run that asks for no cluster starts none.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterAddress, parseClusterNodes } from '../../src/state/redis-address';
import { readPidFile, signalDaemon } from './daemon-pid';
import { isAlive } from './private-redis';

export interface TestRedisCluster {
  /** `redis-cluster://127.0.0.1:A,127.0.0.1:B,...`: hand it to createRedisClient or REDIS_URL. */
  address: string;
  ports: number[];
  /** Each node's cluster bus port (kept to restart it as it was). */
  busPorts: number[];
  pids: number[];
  dir: string;
  /** Append-only file, fsynced on every write. */
  durable: boolean;
}

const STEP_MS = 50;
const READY_CAP_MS = 20_000;

/**
 * Start `masters` nodes (at least 3, Redis's minimum) and join them into one cluster. `durable`:
 * `appendonly yes`, `appendfsync always` on every node.
 */
export async function startRedisCluster(masters = 3, opts: { durable?: boolean } = {}): Promise<TestRedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'wegov-cluster-'));
  const cluster: TestRedisCluster = { address: '', ports: [], busPorts: [], pids: [], dir, durable: opts.durable ?? false };
  try {
    for (let i = 0; i < masters; i++) {
      const [port = 0, busPort = 0] = await freePorts(2);
      mkdirSync(join(dir, String(port)));
      cluster.pids.push(await startNode(join(dir, String(port)), port, busPort, cluster.durable));
      cluster.ports.push(port);
      cluster.busPorts.push(busPort);
    }
    for (const port of cluster.ports) await until(() => redisCli(port, 'PING') === 'PONG', `node ${port} answers PING`, dir);
    const nodes = cluster.ports.map((p) => `127.0.0.1:${p}`);
    const created = await run('redis-cli', ['--cluster', 'create', ...nodes, '--cluster-replicas', '0', '--cluster-yes']);
    if (created.code !== 0) throw new Error(`redis-cli --cluster create failed (exit ${String(created.code)}):\n${created.output}`);
    await until(() => cluster.ports.every((p) => /cluster_state:ok/.test(redisCli(p, 'CLUSTER', 'INFO')) && knowsAll(p, masters)), 'cluster_state:ok on every node', dir);
    cluster.address = clusterAddress(cluster.ports.map((port) => ({ host: '127.0.0.1', port })));
    return cluster;
  } catch (err) {
    await stopRedisCluster(cluster);
    throw err;
  }
}

/**
 * SIGKILL the master at `index` (a crash) and start it again in its own directory, then wait
 * until every node says `cluster_state:ok` and sees every master with its slots. Its data comes
 * back only if the cluster is `durable`.
 */
export async function restartClusterNode(cluster: TestRedisCluster, index: number): Promise<void> {
  const pid = cluster.pids[index];
  const port = cluster.ports[index];
  const busPort = cluster.busPorts[index];
  if (pid === undefined || port === undefined || busPort === undefined) throw new Error(`test Redis Cluster: no node ${index}`);
  kill(pid);
  await until(() => !isAlive(pid), `node ${port} to die`, cluster.dir, 5_000);
  cluster.pids[index] = await startNode(join(cluster.dir, String(port)), port, busPort, cluster.durable);
  await until(() => redisCli(port, 'PING') === 'PONG', `node ${port} answers PING after its restart`, cluster.dir);
  await until(
    () => cluster.ports.every((p) => /cluster_state:ok/.test(redisCli(p, 'CLUSTER', 'INFO')) && knowsAll(p, cluster.ports.length)),
    'cluster_state:ok on every node after a restart',
    cluster.dir,
  );
}

/** Kill every node (nothing is worth saving) and remove the directory. */
export async function stopRedisCluster(cluster: Pick<TestRedisCluster, 'pids' | 'dir'>): Promise<void> {
  for (const pid of cluster.pids) kill(pid);
  const deadline = Date.now() + 5_000;
  while (cluster.pids.some(isAlive) && Date.now() < deadline) await sleep(STEP_MS);
  rmSync(cluster.dir, { recursive: true, force: true });
}

/**
 * The address of this run's cluster: REDIS_CLUSTER_NODES when set, else the shared test cluster
 * (started on first use, by whichever worker asks first).
 */
export async function testRedisCluster(): Promise<string> {
  const external = process.env.REDIS_CLUSTER_NODES;
  if (external !== undefined && external.trim() !== '') {
    const nodes = parseClusterNodes(external);
    if (typeof nodes === 'string') throw new Error(`REDIS_CLUSTER_NODES: ${nodes}`);
    return clusterAddress(nodes);
  }
  const state = process.env.WEGOV_TEST_CLUSTER_STATE;
  if (state === undefined) throw new Error('WEGOV_TEST_CLUSTER_STATE is unset: the jest global setup (test/setup/global-setup.ts) did not run');
  if (!existsSync(state)) {
    let first = true;
    try {
      mkdirSync(`${state}.lock`); // atomic: one worker starts the cluster
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      first = false;
    }
    if (first) {
      const cluster = await startRedisCluster();
      writeFileSync(`${state}.tmp`, JSON.stringify(cluster));
      renameSync(`${state}.tmp`, state);
    } else {
      await until(() => existsSync(state), 'the shared test cluster (started by another test file)', undefined, 60_000);
    }
  }
  return (JSON.parse(readFileSync(state, 'utf8')) as TestRedisCluster).address;
}

/** For global-teardown: stop the shared cluster if a test file started one. */
export async function stopSharedCluster(state: string): Promise<void> {
  try {
    if (existsSync(state)) await stopRedisCluster(JSON.parse(readFileSync(state, 'utf8')) as TestRedisCluster);
  } finally {
    rmSync(state, { force: true });
    rmSync(`${state}.lock`, { recursive: true, force: true });
  }
}

/** Starts (or starts again) the node whose directory is `dir`. */
async function startNode(dir: string, port: number, busPort: number, durable: boolean): Promise<number> {
  const pidFile = join(dir, 'redis.pid');
  rmSync(pidFile, { force: true }); // a killed node leaves its pid file behind
  const result = spawnSync(
    'redis-server',
    [
      '--port', String(port),
      '--bind', '127.0.0.1',
      '--cluster-enabled', 'yes',
      '--cluster-port', String(busPort),
      '--cluster-config-file', join(dir, 'nodes.conf'),
      '--save', '',
      ...(durable ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']),
      '--daemonize', 'yes',
      '--pidfile', pidFile,
      '--dir', dir,
      '--logfile', join(dir, 'redis.log'),
    ],
    { encoding: 'utf8' },
  );
  if (result.error || result.status !== 0) {
    throw new Error(`redis-server (cluster node ${port}) failed to start: ${result.stderr || result.stdout || String(result.error)}`, { cause: result.error });
  }
  // A daemon writes its pid file just after forking (daemon-pid.ts: read until it holds a pid).
  return readPidFile(pidFile);
}

/** `redis-cli -p port args...`, its output trimmed ('' when it fails). */
function redisCli(port: number, ...args: string[]): string {
  const result = spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8', timeout: 2_000 });
  return result.status === 0 ? result.stdout.trim() : '';
}

/** The node sees every master with its slots (a client then gets the whole map from any node). */
function knowsAll(port: number, masters: number): boolean {
  const lines = redisCli(port, 'CLUSTER', 'NODES').split('\n').filter((l) => l.includes('master') && /\d+-\d+/.test(l));
  return lines.length === masters;
}

function run(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

function freePorts(n: number): Promise<number[]> {
  return Promise.all(
    Array.from({ length: n }, () =>
      new Promise<number>((resolve, reject) => {
        const server = createServer();
        server.on('error', reject);
        server.listen(0, '127.0.0.1', () => {
          const address = server.address();
          const port = typeof address === 'object' && address !== null ? address.port : 0;
          server.close(() => resolve(port));
        });
      }),
    ),
  );
}

async function until(check: () => boolean, what: string, logDir?: string, capMs = READY_CAP_MS): Promise<void> {
  const deadline = Date.now() + capMs;
  while (Date.now() < deadline) {
    if (check()) return;
    await sleep(STEP_MS);
  }
  const logs = logDir === undefined ? '' : `\n(logs under ${logDir})`;
  throw new Error(`test Redis Cluster: waited ${capMs} ms for ${what}${logs}`);
}

function kill(pid: number): void {
  signalDaemon(pid, 'SIGKILL');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
