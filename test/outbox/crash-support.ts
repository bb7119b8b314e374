/**
 * Shared by crash.test.ts and crash-child.ts: the child's configuration and messages, and a
 * local agency receiver that verifies signatures and can answer each POST as a test scripts
 * it (accept, 500, or hold the answer so the sender can be killed with the request delivered).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verify } from '../../src/sinks/webhook/signature';
import type { Submission } from '../../src/state/types';

export interface ChildConfig {
  role: 'turn' | 'recover';
  redisUrl: string;
  queueName: string;
  hookUrl: string;
  secret: string;
  submission: Submission;
  workers: boolean;
  attempts: number;
  backoffMs: number;
  killAt?: 'enqueue' | 'ack' | 'retry';
}

export type ChildMessage =
  | { type: 'committed'; version: number }
  | { type: 'enqueued'; id: string; added: boolean }
  | { type: 'acked'; submissionId: string }
  | { type: 'handed-over' }
  | { type: 'swept'; forwarded: number }
  | { type: 'attempt'; outcome: 'delivered' | 'retry' | 'dead_letter'; attempt: number }
  | { type: 'closed' };

/** How the receiver answers one POST: 2xx (201 new, 200 duplicate), a status, or no answer yet. */
export type Answer = 'accept' | 'hold' | { status: number };

export interface ReceivedPost {
  key: string;
  raw: string;
  headers: IncomingMessage['headers'];
  /** The status answered; undefined while held (or never, when the sender died). */
  status?: number;
}

export interface CrashReceiver {
  url: string;
  /** Every verified POST, in arrival order. */
  posts: ReceivedPost[];
  /** Signature failures (must stay empty). */
  rejected: string[];
  /** Answers for the next POSTs of a key, consumed in order; `accept` once exhausted. */
  script(key: string, answers: Answer[]): void;
  postsFor(key: string): ReceivedPost[];
  /** Drops every held answer's connection. */
  releaseHeld(): void;
  close(): Promise<void>;
}

export async function startCrashReceiver(secret: string): Promise<CrashReceiver> {
  const posts: ReceivedPost[] = [];
  const rejected: string[] = [];
  const scripts = new Map<string, Answer[]>();
  /** Keys the agency has made a case for (it dedupes on the Idempotency-Key). */
  const cases = new Set<string>();
  const held = new Set<ServerResponse>();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const check = verify(secret, req.headers, raw, new Date());
      if (req.method !== 'POST' || !check.ok) {
        rejected.push(check.ok ? `method ${String(req.method)}` : check.code);
        res.writeHead(401).end();
        return;
      }
      const key = String(req.headers['idempotency-key']);
      const post: ReceivedPost = { key, raw: raw.toString('utf8'), headers: req.headers };
      posts.push(post);
      const answer = scripts.get(key)?.shift() ?? 'accept';
      if (answer === 'hold') {
        cases.add(key); // the agency took it; only the answer is late
        held.add(res);
        res.on('close', () => held.delete(res));
        return;
      }
      if (answer === 'accept') {
        post.status = cases.has(key) ? 200 : 201;
        cases.add(key);
      } else {
        post.status = answer.status;
      }
      res.writeHead(post.status, { 'content-type': 'application/json' }).end(JSON.stringify({ status: post.status }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/hook`,
    posts,
    rejected,
    script: (key, answers) => void scripts.set(key, [...answers]),
    postsFor: (key) => posts.filter((p) => p.key === key),
    releaseHeld() {
      for (const res of held) res.destroy();
      held.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of held) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
