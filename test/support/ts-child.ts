/**
 * Runs a TypeScript file in a child Node process without a build: a tiny require hook
 * (passed with `node -e`) transpiles every `.ts` file with @swc/core's transformSync, the
 * compiler @swc/jest already uses. The child talks to the test over IPC (`process.send`);
 * it should exit when the IPC channel closes, so a dying test runner leaves nothing behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** The require hook, as `node -e` code. Env: TS_CHILD_SWC (resolved @swc/core), TS_CHILD_SCRIPT. */
const HOOK = `
const fs = require('node:fs');
const swc = require(process.env.TS_CHILD_SWC);
require.extensions['.ts'] = function (module, filename) {
  const { code } = swc.transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    swcrc: false,
    sourceMaps: 'inline',
    jsc: { target: 'es2022', parser: { syntax: 'typescript' } },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
require(process.env.TS_CHILD_SCRIPT);
`;

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface TsChild<M = unknown> {
  readonly proc: ChildProcess;
  /** Every IPC message received so far, in order. */
  readonly messages: M[];
  /** stdout and stderr so far (for failure messages). */
  output(): string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<ChildExit>;
  /** True once the process has exited. */
  hasExited(): boolean;
  /** The first message (already received or future) matching `match`; rejects on timeout or exit. */
  waitForMessage(match: (m: M) => boolean, timeoutMs?: number): Promise<M>;
  send(message: unknown): void;
  /** SIGKILL unless already gone; resolves once it has exited. */
  kill(): Promise<ChildExit>;
}

export function spawnTsChild<M = unknown>(script: string, env: Record<string, string> = {}): TsChild<M> {
  const proc = spawn(process.execPath, ['-e', HOOK], {
    cwd: ROOT,
    env: { ...process.env, ...env, TS_CHILD_SWC: require.resolve('@swc/core'), TS_CHILD_SCRIPT: path.resolve(script) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const messages: M[] = [];
  const listeners = new Set<() => void>();
  let out = '';
  let exit: ChildExit | undefined;
  const notify = (): void => {
    for (const l of [...listeners]) l();
  };
  proc.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  proc.stderr?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  proc.on('message', (m) => {
    messages.push(m as M);
    notify();
  });
  const exited = new Promise<ChildExit>((resolve) => {
    proc.on('exit', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
      notify();
    });
  });
  // An unknown executable or a spawn failure: surface it through `exited`.
  proc.on('error', (err) => {
    out += `\n[spawn error] ${String(err)}`;
  });

  return {
    proc,
    messages,
    output: () => out,
    exited,
    hasExited: () => exit !== undefined,
    waitForMessage(match, timeoutMs = 10_000) {
      return new Promise<M>((resolve, reject) => {
        const check = (): void => {
          const found = messages.find(match);
          if (found !== undefined) {
            done();
            resolve(found);
          } else if (exit) {
            done();
            reject(new Error(`child exited (${JSON.stringify(exit)}) before the awaited message; messages: ${JSON.stringify(messages)}\n${out}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`timed out after ${timeoutMs} ms waiting for a child message; messages: ${JSON.stringify(messages)}\n${out}`));
        }, timeoutMs);
        const done = (): void => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    send(message) {
      proc.send(message as never);
    },
    async kill() {
      if (!exit) proc.kill('SIGKILL');
      return exited;
    },
  };
}
