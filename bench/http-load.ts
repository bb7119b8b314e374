/**
 * HTTP load against the web chat API, from a child process, so the server under test has this
 * process to itself: `runReportLoad` is the closed loop (autocannon-worker.ts: each connection
 * sends its next message as soon as the last is answered), `runPacedLoad` conversations as
 * people hold them (paced-worker.ts: each waits between messages, the whole at a set rate).
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import type { LoadOptions, LoadResult } from './autocannon-worker';
import type { PacedOptions, PacedResult } from './paced-worker';

export type { LoadResult } from './autocannon-worker';
export type { PacedResult } from './paced-worker';

function inChild<T>(script: string, options: object): Promise<T> {
  const child = fork(path.join(__dirname, script), [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    let result: T | undefined;
    child.on('message', (message) => {
      result = message as T;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (result !== undefined) resolve(result);
      else reject(new Error(`the load generator exited with code ${code} and no result`));
    });
  });
}

/** `connections` residents, each completing pothole reports one after another, for `seconds`. */
export function runReportLoad(url: string, opts: { connections: number; seconds: number }): Promise<LoadResult> {
  const options: LoadOptions = { url, connections: opts.connections, seconds: opts.seconds };
  return inChild<LoadResult>('autocannon-worker.js', options);
}

/** `conversations` residents completing pothole reports, `rate` messages/s over all of them, for `seconds`. */
export function runPacedLoad(url: string, opts: { conversations: number; rate: number; seconds: number }): Promise<PacedResult> {
  const options: PacedOptions = { url, conversations: opts.conversations, rate: opts.rate, seconds: opts.seconds };
  return inChild<PacedResult>('paced-worker.js', options);
}
