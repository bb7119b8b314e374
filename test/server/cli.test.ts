/**
 * `npm start` as a user runs it: the compiled CLI from dist/, started from another folder,
 * finds config/ and locales/, serves, and shuts down cleanly on SIGTERM (with a live stream
 * open). Also `wegov check-config` and a bad environment.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../src/catalog';
import { testRedisUrl } from '../setup/redis';
import { openSse } from './sse-client';

const root = repoRoot();
const main = path.join(root, 'dist', 'src', 'cli', 'main.js');
// A start waits up to 90 s for its listening line: on a loaded 2-core machine a cold start of the
// compiled CLI took over 20 s (a failing run only; a healthy start returns at once).
const START_WAIT_MS = 90_000;
jest.setTimeout(300_000);

function get(url: string, body?: object): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: body ? 'POST' : 'GET', headers: body ? { 'Content-Type': 'application/json' } : {} }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

/** Starts the CLI and resolves with its URL once it logged that it listens. */
function startCli(cwd: string, env: Record<string, string>): Promise<{ child: ChildProcess; url: string; log: () => string }> {
  const child = spawn(process.execPath, [main, 'start'], { cwd, env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', ...env } });
  let log = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line: ${log}`)), START_WAIT_MS);
    const onData = (c: Buffer): void => {
      log += c.toString('utf8');
      const m = /"url":"(http:\/\/[^"]+)"/.exec(log);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: m[1], log: () => log });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited ${String(code)}: ${log}`)));
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

describe('the wegov CLI (built)', () => {
  let cwd: string;
  beforeAll(() => {
    const build = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
    cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'wegov-cli-'));
  });
  afterAll(() => {
    fs.rmSync(cwd, { recursive: true, force: true });
  });

  it.each([
    ['memory', {}],
    ['Redis', { REDIS_URL: testRedisUrl() }],
  ])('start (%s): serves the API from another folder and stops on SIGTERM', async (kind, env) => {
    // Limits are per address and, on Redis, shared: the other test files on the run's Redis
    // create sessions from 127.0.0.1 too, so this one must not depend on the default of 30.
    const limits = { WEGOV_RATE_SESSIONS_PER_MINUTE: '100000', WEGOV_RATE_AUTH_FAILURES_PER_MINUTE: '100000' };
    const { child, url, log } = await startCli(cwd, { WEGOV_SUBMISSIONS_FILE: path.join(cwd, 'subs.jsonl'), ...limits, ...env });
    try {
      expect(log()).toContain(kind === 'memory' ? 'state is kept in memory' : 'state is kept in Redis');
      expect((await get(`${url}/healthz`)).status).toBe(200);
      const created = await get(`${url}/webchat/sessions`, { locale: 'es' });
      expect(created.status).toBe(201);
      const session = JSON.parse(created.body) as { sessionId: string; token: string; messages: { lang: string }[] };
      expect(session.messages[0]?.lang).toBe('es');

      // A live stream must not hold the shutdown up.
      const stream = await openSse(`${url}/webchat/sessions/${session.sessionId}/events?token=${encodeURIComponent(session.token)}`);
      expect(stream.status).toBe(200);
      child.kill('SIGTERM');
      expect(await exited(child)).toBe(0);
      expect(log()).toContain('"msg":"stopped"');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('WEGOV_METRICS_PORT: /metrics on its own port only; the log says plainly where WeGov listens', async () => {
    const free = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const { child, url, log } = await startCli(cwd, { WEGOV_SUBMISSIONS_FILE: path.join(cwd, 'subs.jsonl'), WEGOV_METRICS_PORT: String(free) });
    try {
      expect(log()).toContain(`WeGov is listening on ${url}`);
      // Memory mode is one process: an unset photo-link secret is a note, not a warning.
      expect(log()).not.toContain('"level":40');
      expect((await get(`${url}/metrics`)).status).toBe(404);
      const metrics = await get(`http://127.0.0.1:${free}/metrics`);
      expect(metrics.status).toBe(200);
      expect(metrics.body).toContain('wegov_');
      expect((await get(`http://127.0.0.1:${free}/`)).status).toBe(404);
      child.kill('SIGTERM');
      expect(await exited(child)).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('LOG_FORMAT=pretty: readable lines, not JSON', async () => {
    const child = spawn(process.execPath, [main, 'start'], {
      cwd,
      env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', LOG_FORMAT: 'pretty', WEGOV_SUBMISSIONS_FILE: path.join(cwd, 'subs.jsonl') },
    });
    let out = '';
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no listening line: ${out}`)), START_WAIT_MS);
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString('utf8');
          if (/WeGov is listening on http:\/\/127\.0\.0\.1:\d+/.test(out)) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      expect(out).toMatch(/^\[\d\d:\d\d:\d\d\] INFO/m);
      expect(out).not.toContain('{"level"');
      child.kill('SIGTERM');
      expect(await exited(child)).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it("the README's curl walkthrough runs as written and ends with the report the agency got", async () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const section = readme.split('## Try it with curl')[1] ?? '';
    const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
    expect(block).toBeDefined();
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(p));
      });
    });
    // The same lines, with the built CLI for `npm start` (built once by this file) on a free port.
    const script = block!
      .replace('npm start &', `PORT=${port} HOST=127.0.0.1 node ${JSON.stringify(main)} start > server.log 2>&1 &`)
      .replace('B=http://localhost:3000', `B=http://127.0.0.1:${port}`);
    expect(script).not.toContain('npm start');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wegov-walk-'));
    try {
      const run = spawnSync('timeout', ['90', 'bash', '-c', `${script}\nkill %1; wait`], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
      expect(run.status).toBe(0);
      const lines = run.stdout.trim().split('\n');
      const report = JSON.parse(lines[lines.length - 1] ?? '') as { kind: string; payload: { categoryId?: string; reference?: string } };
      expect(report).toMatchObject({ kind: 'report', payload: expect.objectContaining({ categoryId: 'pothole' }) });
      // The reference the chat gave is the one the agency got.
      expect(report.payload.reference).toMatch(/^WG-/);
      expect(lines.slice(0, -1).join('\n')).toContain(report.payload.reference);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a bad environment, naming the variable', () => {
    const run = spawnSync(process.execPath, [main, 'start'], { cwd, env: { PATH: process.env.PATH ?? '', PORT: 'eighty' }, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('PORT: must be a whole number');
  });

  it('check-config: OK for the demo city, the reasons for a bad file', () => {
    const ok = spawnSync(process.execPath, [main, 'check-config'], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('demo-city.yaml: OK');
    const badFile = path.join(cwd, 'bad.yaml');
    fs.writeFileSync(badFile, 'jurisdiction: 42\n');
    const bad = spawnSync(process.execPath, [main, 'check-config', badFile], { cwd, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(badFile);
    const help = spawnSync(process.execPath, [main, 'help'], { encoding: 'utf8' });
    expect(help.stdout).toContain('wegov start');
    expect(spawnSync(process.execPath, [main, 'frobnicate'], { encoding: 'utf8' }).status).toBe(2);
  });
});
