/**
 * The pids of the daemonised redis-servers that tests start, read and signalled safely. A daemon
 * creates its pid file a moment before it writes its number into it: read in that moment, the
 * file is empty, `Number('')` is 0, and `process.kill(0, 'SIGKILL')` kills the caller's whole
 * process group, which is jest, npm and the CI script (a clean CI run ended in exit 137, SIGKILL,
 * with no test failing, that way). So a pid file is read until it holds a pid, and no signal is
 * ever sent to a pid below 2.
 */
import { readFileSync } from 'node:fs';

const STEP_MS = 20;

/** The pid a pid file's text holds, or undefined while it holds none (empty, partly written). */
export function parsePid(text: string): number | undefined {
  const trimmed = text.trim();
  return /^[1-9]\d*$/.test(trimmed) && Number(trimmed) > 1 ? Number(trimmed) : undefined;
}

/** Throws unless `pid` names one process (0 and negative pids signal process groups, 1 is init). */
export function assertDaemonPid(pid: number): void {
  if (!Number.isSafeInteger(pid) || pid < 2) throw new Error(`refusing to signal pid ${String(pid)}: not one daemon's pid`);
}

/** Reads `pidFile` until it holds a pid (the file may not exist yet, or be empty), for up to `capMs`. */
export async function readPidFile(pidFile: string, capMs = 5_000): Promise<number> {
  const deadline = Date.now() + capMs;
  for (;;) {
    let text = '';
    try {
      text = readFileSync(pidFile, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    const pid = parsePid(text);
    if (pid !== undefined) return pid;
    if (Date.now() >= deadline) throw new Error(`waited ${capMs} ms for a pid in ${pidFile} (it holds ${JSON.stringify(text)})`);
    await new Promise((resolve) => setTimeout(resolve, STEP_MS));
  }
}

/** Sends `signal` to the daemon `pid`; a process that is already gone is not an error. */
export function signalDaemon(pid: number, signal: NodeJS.Signals | 0): void {
  assertDaemonPid(pid);
  try {
    process.kill(pid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}
