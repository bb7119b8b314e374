/**
 * A WeGov deployment in child processes for the many-process run: web processes
 * (`wegov start --role web`) and one worker (`--role worker`) on one Redis. It can SIGKILL a
 * web process and start a new one in its place; `close()` kills every child it started.
 *
 * How a child is started is the caller's (`Launch`): the benchmark runs the compiled CLI from
 * dist/, the test runs the TypeScript through @swc/core (test/scale/launch.ts). A child is ready
 * when its JSON log says it is listening (web: its URL) or running (worker).
 */
import type { ChildProcess } from 'node:child_process';

/** Starts `wegov <args>` with `env` added to the environment, stdout piped. */
export type Launch = (args: readonly string[], env: Record<string, string>) => ChildProcess;

// Starting takes about 5 s of CPU; on a machine shared by many jobs that can be minutes of wall time.
const READY_TIMEOUT_MS = 300_000;

interface Member {
  role: 'web' | 'worker';
  proc: ChildProcess;
  url: string | undefined;
  output: string;
}

export class Fleet {
  private readonly members: Member[] = [];
  private closed = false;
  /** Child processes started so far, killed ones included. */
  started = 0;

  private constructor(
    private readonly launch: Launch,
    private readonly env: Record<string, string>,
  ) {}

  /** `webs` web processes and one worker; rejects (having killed what it started) if one fails to come up. */
  static async start(launch: Launch, env: Record<string, string>, webs: number): Promise<Fleet> {
    const fleet = new Fleet(launch, env);
    try {
      await Promise.all([fleet.spawn('worker'), ...Array.from({ length: webs }, () => fleet.spawn('web'))]);
      return fleet;
    } catch (error) {
      fleet.close();
      throw error;
    }
  }

  /** The URLs of the web processes up now. */
  urls(): string[] {
    return this.members.flatMap((m) => (m.role === 'web' && m.url !== undefined ? [m.url] : []));
  }

  /**
   * SIGKILLs the web process at `index` of urls() (at once, before this returns) and starts a new
   * one in its place; the promise resolves once that one is ready.
   */
  killWeb(index: number): Promise<void> {
    const webs = this.members.filter((m) => m.role === 'web' && m.url !== undefined);
    const victim = webs[index % webs.length];
    if (!victim) return Promise.reject(new Error('no web process to kill'));
    victim.url = undefined;
    this.members.splice(this.members.indexOf(victim), 1);
    victim.proc.kill('SIGKILL');
    return this.spawn('web');
  }

  /** Kills every child (SIGKILL): nothing is left running, whatever state the run is in. */
  close(): void {
    this.closed = true;
    for (const m of this.members.splice(0)) if (m.proc.exitCode === null && m.proc.signalCode === null) m.proc.kill('SIGKILL');
  }

  /**
   * Output of the children up now, for a failure message, after the unhandled errors any child
   * logged (killed ones too: a killed child's output is gone with it).
   */
  output(): string {
    const faults = this.faults.length > 0 ? `--- unhandled errors\n${this.faults.join('\n')}\n` : '';
    return faults + this.members.map((m) => `--- ${m.role} ${m.url ?? ''}\n${m.output.slice(-4000)}`).join('\n');
  }

  /** The first lines logged as "unhandled error" (an HTTP 500) by any child. */
  private readonly faults: string[] = [];

  private spawn(role: 'web' | 'worker'): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the fleet is closed'));
    const proc = this.launch(['start', '--role', role], { ...this.env, PORT: '0', HOST: '127.0.0.1', LOG_FORMAT: 'json' });
    this.started += 1;
    const member: Member = { role, proc, url: undefined, output: '' };
    this.members.push(member);
    return new Promise<void>((resolve, reject) => {
      let pending = '';
      const timer = setTimeout(() => fail(new Error(`${role} process not ready after ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
      const fail = (error: Error): void => {
        clearTimeout(timer);
        reject(new Error(`${error.message}\n${member.output.slice(-4000)}`));
      };
      const onLine = (line: string): void => {
        if (!line.startsWith('{')) return;
        let entry: { msg?: unknown; url?: unknown };
        try {
          entry = JSON.parse(line) as { msg?: unknown; url?: unknown };
        } catch {
          return; // a partial or foreign line: only the ready line and unhandled errors matter here
        }
        const msg = String(entry.msg ?? '');
        if (msg === 'unhandled error' && this.faults.length < 20) this.faults.push(`${role}: ${line.slice(0, 2000)}`);
        if (role === 'web' && msg.startsWith('WeGov is listening') && typeof entry.url === 'string') {
          member.url = entry.url;
          clearTimeout(timer);
          resolve();
        } else if (role === 'worker' && msg.startsWith('WeGov worker running')) {
          member.url = undefined;
          clearTimeout(timer);
          resolve();
        }
      };
      proc.stdout?.on('data', (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        member.output = (member.output + text).slice(-20_000);
        pending += text;
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) onLine(line);
      });
      proc.stderr?.on('data', (chunk: Buffer) => (member.output = (member.output + chunk.toString('utf8')).slice(-20_000)));
      proc.once('exit', (code, signal) => {
        // A child that dies by itself (not killed by killWeb/close) fails the run: that is a crash.
        if (this.members.includes(member)) {
          this.members.splice(this.members.indexOf(member), 1);
          this.crashes.push(`${role} exited (code ${String(code)}, signal ${String(signal)})\n${member.output.slice(-4000)}`);
        }
        fail(new Error(`${role} process exited (code ${String(code)}, signal ${String(signal)}) before it was ready`));
      });
    });
  }

  /** Children that exited without being told to (each with its last output). */
  readonly crashes: string[] = [];
}
