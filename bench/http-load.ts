/**
 * HTTP load against the web chat API: autocannon in a child process (autocannon-worker.ts), so
 * the server under test has this process to itself. `runReportLoad` runs one measurement.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import type { LoadOptions, LoadResult } from './autocannon-worker';

export type { LoadResult } from './autocannon-worker';

/** `connections` residents, each completing pothole reports one after another, for `seconds`. */
export function runReportLoad(url: string, opts: { connections: number; seconds: number }): Promise<LoadResult> {
  const options: LoadOptions = { url, connections: opts.connections, seconds: opts.seconds };
  const child = fork(path.join(__dirname, 'autocannon-worker.js'), [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    let result: LoadResult | undefined;
    child.on('message', (message) => {
      result = message as LoadResult;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (result !== undefined) resolve(result);
      else reject(new Error(`the load generator exited with code ${code} and no result`));
    });
  });
}
