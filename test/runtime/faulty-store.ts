/**
 * A real store with faults injected at its edge: commits reported as lost races, references
 * reported as taken. Everything else (and every commit that is let through) is the real store.
 */
import type { Allowance, CommitRequest, CommitResult, CountResult, LoadResult, SessionStore, StoredMessage, Submission } from '../../src/state/types';

export class FaultyStore implements SessionStore {
  /** Commits still to be answered with `conflict` (without writing). */
  conflicts = 0;
  /** reserveReference calls still to be answered with `false`. */
  takenReferences = 0;
  /**
   * Thrown by the next load or commit, whichever comes first (an unexpected fault, not an
   * outage): a turn on a session this process has cached commits without loading.
   */
  nextError: Error | undefined;
  readonly reserved: string[] = [];
  readonly commits: CommitRequest[] = [];

  constructor(private readonly inner: SessionStore) {}

  load(conversationId: string, dedupeId?: string): Promise<LoadResult> {
    const error = this.takeError();
    if (error) return Promise.reject(error);
    return this.inner.load(conversationId, dedupeId);
  }
  async commit(req: CommitRequest): Promise<CommitResult> {
    const error = this.takeError();
    if (error) throw error;
    this.commits.push(req);
    if (this.conflicts > 0) {
      this.conflicts -= 1;
      return { ok: false, reason: 'conflict' };
    }
    return this.inner.commit(req);
  }
  countMessage(conversationId: string, allowance: Allowance): Promise<CountResult> {
    return this.inner.countMessage(conversationId, allowance);
  }
  private takeError(): Error | undefined {
    const error = this.nextError;
    this.nextError = undefined;
    return error;
  }
  history(conversationId: string, afterId?: string): Promise<StoredMessage[]> {
    return this.inner.history(conversationId, afterId);
  }
  async reserveReference(reference: string, conversationId: string, ownerTtlSeconds?: number): Promise<boolean> {
    this.reserved.push(reference);
    if (this.takenReferences > 0) {
      this.takenReferences -= 1;
      return false;
    }
    return this.inner.reserveReference(reference, conversationId, ownerTtlSeconds);
  }
  lookupReference(reference: string): Promise<string | null> {
    return this.inner.lookupReference(reference);
  }
  forgetReference(reference: string): Promise<void> {
    return this.inner.forgetReference(reference);
  }
  pendingSubmissions(): Promise<Submission[]> {
    return this.inner.pendingSubmissions();
  }
  ackSubmission(conversationId: string, submissionId: string): Promise<void> {
    return this.inner.ackSubmission(conversationId, submissionId);
  }
  subscribe(conversationId: string, onMessage: (m: StoredMessage) => void): Promise<() => Promise<void>> {
    return this.inner.subscribe(conversationId, onMessage);
  }
  ping(): Promise<void> {
    return this.inner.ping();
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
