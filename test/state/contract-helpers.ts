/** Builders and probes shared by the store contract suite and the store-specific tests. */
import { randomUUID } from 'node:crypto';
import type { CommitRequest, SessionStore, StoredMessage, Submission } from '../../src/state/types';
import { messageId } from '../../src/state/types';

/** A fresh conversation id: tests share one Redis, so nothing may collide. */
export function newConversationId(label = 'conv'): string {
  return `test:${label}:${randomUUID()}`;
}

export function message(version: number, index: number, text: string, from: StoredMessage['from'] = 'bot'): StoredMessage {
  return {
    id: messageId(version, index),
    from,
    text,
    expects: 'text',
    lang: 'en',
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, version, index)).toISOString(),
  };
}

/** UTF-8 bytes of messages as a store keeps them (one JSON text each): what the byte cap counts. */
export function storedBytes(messages: readonly StoredMessage[]): number {
  return messages.reduce((sum, m) => sum + Buffer.byteLength(JSON.stringify(m)), 0);
}

export function submission(conversationId: string, id: string, createdAt = '2026-01-01T00:00:00.000Z'): Submission {
  return { id, kind: 'report', conversationId, createdAt, payload: { category: 'pothole', id } };
}

/** A commit request with empty lists; override what the test is about. */
export function commitRequest(conversationId: string, overrides: Partial<CommitRequest> = {}): CommitRequest {
  return {
    conversationId,
    expectedVersion: 0,
    session: { step: 'start' },
    ttlSeconds: 3600,
    history: [],
    publish: [],
    submissions: [],
    ...overrides,
  };
}

/** Collects a conversation's live messages. */
export async function listen(store: SessionStore, conversationId: string) {
  const received: StoredMessage[] = [];
  const waiters: Array<() => void> = [];
  const unsubscribe = await store.subscribe(conversationId, (m) => {
    received.push(m);
    waiters.splice(0).forEach((wake) => wake());
  });
  /** Resolves once `count` messages arrived; fails after `timeoutMs`. */
  async function waitFor(count: number, timeoutMs = 2000): Promise<StoredMessage[]> {
    const deadline = Date.now() + timeoutMs;
    while (received.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} live messages, got ${received.length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return received;
  }
  return { received, waitFor, unsubscribe };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
