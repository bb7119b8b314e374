/**
 * The open server-sent-event streams of this process: capped, so one token or one address
 * cannot hold hundreds of connections (each costs a socket, a subscription and a timer), and
 * closable all at once, so shutdown can end them (an open stream would otherwise keep
 * `server.close()` waiting forever).
 *
 * The caps are per process (WEGOV_STREAMS_PER_SESSION, _PER_IP, _PER_PROCESS): a stream lives
 * in one process, and a count kept elsewhere would outlive a process that dies without
 * closing its streams. Behind a load balancer one session may hold up to the per-session cap
 * on each process.
 */

/** The caps; see ENV_VARS in src/config.ts. */
export interface StreamCaps {
  perSession: number;
  perIp: number;
  perProcess: number;
}

export const DEFAULT_STREAM_CAPS: StreamCaps = { perSession: 5, perIp: 20, perProcess: 2000 };

/** Whose stream it is. */
export interface StreamOwner {
  sessionId: string;
  /** The client's rate-limit key (its IP, or IPv6 /56). */
  client: string;
}

/** A granted slot (`release` forgets it; idempotent), or which cap refused it. */
export type StreamSlot = { ok: true; release: () => void } | { ok: false; cap: 'session' | 'ip' | 'process' };

export class LiveStreams {
  private readonly open = new Set<() => void>();
  private readonly bySession = new Map<string, number>();
  private readonly byClient = new Map<string, number>();
  private readonly caps: StreamCaps;

  constructor(caps: Partial<StreamCaps> = {}) {
    this.caps = { ...DEFAULT_STREAM_CAPS, ...caps };
  }

  /** Takes a slot for `owner`'s stream, whose `close` ends it (for closeAll), or says which cap is full. */
  acquire(owner: StreamOwner, close: () => void): StreamSlot {
    if (this.open.size >= this.caps.perProcess) return { ok: false, cap: 'process' };
    if ((this.bySession.get(owner.sessionId) ?? 0) >= this.caps.perSession) return { ok: false, cap: 'session' };
    if ((this.byClient.get(owner.client) ?? 0) >= this.caps.perIp) return { ok: false, cap: 'ip' };
    // A function of its own per stream, so two streams sharing a closer are still two entries.
    const entry = (): void => close();
    this.open.add(entry);
    bump(this.bySession, owner.sessionId, 1);
    bump(this.byClient, owner.client, 1);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.open.delete(entry);
        bump(this.bySession, owner.sessionId, -1);
        bump(this.byClient, owner.client, -1);
      },
    };
  }

  /** Streams open now. */
  get size(): number {
    return this.open.size;
  }

  /** Streams open now for one session (for tests and metrics). */
  sessionCount(sessionId: string): number {
    return this.bySession.get(sessionId) ?? 0;
  }

  /** Ends every open stream (each releases its slot as it closes). */
  closeAll(): void {
    for (const close of [...this.open]) close();
    this.open.clear();
    this.bySession.clear();
    this.byClient.clear();
  }
}

function bump(counts: Map<string, number>, key: string, by: number): void {
  const n = (counts.get(key) ?? 0) + by;
  if (n <= 0) counts.delete(key);
  else counts.set(key, n);
}
