/**
 * The fake agency of the many-process run: a local HTTP server standing in for an agency's
 * webhook endpoint. It verifies each delivery's signature (src/sinks/webhook/signature.ts),
 * dedupes on the Idempotency-Key as the webhook docs ask agencies to (201 the first time, 200 for
 * a repeat) and records what it got, so the run can check every report reached it exactly once.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verify } from '../../src/sinks/webhook/signature';

/** One report as the agency holds it: its Idempotency-Key (the submission id) and reference. */
export interface AgencyCase {
  key: string;
  reference: string | undefined;
  /** How many times it was POSTed (1, or more when a delivery's acknowledgement was lost). */
  posts: number;
}

export interface FakeAgency {
  /** The webhook URL for the catalogue. */
  url: string;
  /** Cases by Idempotency-Key. */
  cases: ReadonlyMap<string, AgencyCase>;
  /** Deliveries refused: bad signature, not a POST, unreadable JSON (must stay 0). */
  rejected(): number;
  close(): Promise<void>;
}

export async function startFakeAgency(secret: string): Promise<FakeAgency> {
  const cases = new Map<string, AgencyCase>();
  let rejected = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const key = req.headers['idempotency-key'];
      const reference = referenceOf(raw);
      if (req.method !== 'POST' || !verify(secret, req.headers, raw, new Date()).ok || typeof key !== 'string' || reference === null) {
        rejected += 1;
        res.writeHead(401).end();
        return;
      }
      const known = cases.get(key);
      if (known) known.posts += 1;
      else cases.set(key, { key, reference, posts: 1 });
      res.writeHead(known ? 200 : 201, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  // Keep-alive sockets from the senders must not hold the close up.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    cases,
    rejected: () => rejected,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The report's reference in a `report.submitted` body; undefined for other kinds; null when unreadable. */
function referenceOf(raw: Buffer): string | undefined | null {
  try {
    const body = JSON.parse(raw.toString('utf8')) as { report?: { reference?: unknown } };
    return typeof body.report?.reference === 'string' ? body.report.reference : undefined;
  } catch {
    // Not JSON: the sender is broken; the run counts it as rejected.
    return null;
  }
}
