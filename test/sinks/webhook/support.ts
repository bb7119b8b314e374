import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Report } from '../../../src/engine/report';
import type { MediaStore, Submission } from '../../../src/state/types';
import { verify } from '../../../src/sinks/webhook/signature';

export const SECRET = 'test-secret-7f3a9c';

export function sampleReport(overrides: Partial<Report> = {}): Report {
  return {
    id: 'sub_01HXYZ',
    reference: 'WG-7K3QX9',
    conversationId: 'web:conv-secret-123',
    channel: 'web',
    locale: 'en',
    submittedAt: '2026-11-27T10:00:00.000Z',
    jurisdictionId: 'springfield.gov',
    agencyId: 'public-works',
    categoryId: 'pothole',
    serviceCode: 'PTH-01',
    categoryName: 'Pothole',
    attributes: { size: 'large', hazards: ['traffic', 'bikes'] },
    location: { lat: 39.78, lon: -89.65 },
    media: [{ mediaId: 'Xy12_ab', contentType: 'image/jpeg', bytes: 12345 }],
    description: 'Deep pothole in the right lane',
    contact: { name: 'Ana', email: 'ana@example.org', phone: '+15125550100', consentToContact: true, consentToShare: true },
    ...overrides,
  };
}

export function sampleSubmission(report: Report = sampleReport()): Submission {
  return { id: report.id, kind: 'report', conversationId: report.conversationId, createdAt: '2026-11-27T10:00:01.000Z', payload: report };
}

export const noMedia: MediaStore = {
  put: async () => undefined,
  get: async () => null,
  delete: async () => undefined,
};

export interface Delivery {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  raw: string;
  body: unknown;
}

export interface Receiver {
  url: (path: string) => string;
  /** Every verified request, duplicates included. */
  requests: Delivery[];
  /** De-duplicated by Idempotency-Key: what the agency's system would keep. */
  cases: Map<string, Delivery>;
  /** Requests that failed verification, with the reason code. */
  rejected: string[];
  /** Requests that arrived at /elsewhere (the target of the redirect). */
  followed: number;
  close: () => Promise<void>;
}

/**
 * A local agency: verifies each delivery with `verify` on the raw body (401 on failure) and
 * records it. Routes: /hook (ok), /down (503), /slow (answers after 1.5 s), /moved (302 to
 * /elsewhere), /gone (410), /busy (429).
 */
export async function startReceiver(secret = SECRET): Promise<Receiver> {
  const app = express();
  const state: Omit<Receiver, 'url' | 'close'> = { requests: [], cases: new Map(), rejected: [], followed: 0 };
  app.all('/elsewhere', (_req, res) => {
    state.followed += 1;
    res.status(200).send('followed');
  });
  app.use(express.raw({ type: 'application/json', limit: '1mb' }));
  app.use((req, res, next) => {
    const raw = Buffer.isBuffer(req.body) ? (req.body as Buffer) : Buffer.alloc(0);
    const result = verify(secret, req.headers, raw, new Date());
    if (!result.ok) {
      state.rejected.push(result.code);
      res.status(401).json({ error: result.code });
      return;
    }
    const delivery: Delivery = { path: req.path, headers: req.headers, raw: raw.toString('utf8'), body: JSON.parse(raw.toString('utf8')) };
    state.requests.push(delivery);
    res.locals.delivery = delivery;
    next();
  });
  app.post('/hook', (req, res) => {
    const key = String(req.headers['idempotency-key']);
    const duplicate = state.cases.has(key);
    if (!duplicate) state.cases.set(key, res.locals.delivery as Delivery);
    res.status(duplicate ? 200 : 201).json({ ok: true, duplicate });
  });
  app.post('/down', (_req, res) => {
    res.status(503).set('Retry-After', '30').send('maintenance');
  });
  app.post('/busy', (_req, res) => {
    res.status(429).send('slow down');
  });
  app.post('/gone', (_req, res) => {
    res.status(410).send('endpoint retired');
  });
  app.post('/slow', (_req, res) => {
    setTimeout(() => res.status(200).send('late'), 1500).unref();
  });
  app.post('/moved', (_req, res) => {
    res.redirect(302, '/elsewhere');
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    ...state,
    get followed() {
      return state.followed;
    },
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
