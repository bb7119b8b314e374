import express, { type Router } from 'express';
import { z } from 'zod';
import type { RuntimeDeps } from '../runtime/deps';
import { deliverStatusUpdate } from '../runtime/status-updates';
import { verify } from '../sinks/webhook/signature';
import { sendError } from './api-error';

/** Largest push body accepted. */
export const AGENCY_PUSH_LIMIT = '64kb';

const pushBody = z.strictObject({
  reference: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{1,40}$/, 'must be a case reference like WG-7K3QX9')
    .transform((r) => r.toUpperCase()),
  status: z.enum(['open', 'acknowledged', 'in_progress', 'closed', 'rejected']),
  notes: z.string().trim().min(1).max(2000).optional(),
});

/**
 * `POST /agency/status`: an agency pushes a case's status back, signed like WeGov's webhooks
 * (`X-WeGov-Timestamp`, `X-WeGov-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`,
 * 5-minute tolerance) with the shared secret `WEGOV_AGENCY_PUSH_SECRET`. The signature is
 * checked on the raw bytes before the JSON is parsed. 202 `{ result }` with `delivered`,
 * `unknown_reference` or `conversation_gone`; a repeated push is applied once.
 */
export function createAgencyStatusRouter(deps: RuntimeDeps, secret: string, now: () => Date = () => new Date()): Router {
  const router = express.Router();
  router.post('/status', express.raw({ type: 'application/json', limit: AGENCY_PUSH_LIMIT }), async (req, res) => {
    const raw: unknown = req.body;
    if (!Buffer.isBuffer(raw)) return sendError(res, 415, 'unsupported_media_type', 'the request body must be application/json');
    const checked = verify(secret, req.headers, raw, now());
    if (!checked.ok) {
      if (checked.code === 'stale_timestamp') {
        return sendError(res, 401, 'stale_timestamp', 'X-WeGov-Timestamp is more than 5 minutes from our clock (check NTP; never re-send an old signature)');
      }
      return sendError(res, 401, 'bad_signature', 'missing or wrong X-WeGov-Timestamp / X-WeGov-Signature');
    }
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      return sendError(res, 400, 'invalid_json', 'the request body is not valid JSON');
    }
    const body = pushBody.safeParse(json);
    if (!body.success) {
      const issue = body.error.issues[0];
      return sendError(res, 400, 'invalid_body', `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
    }
    const result = await deliverStatusUpdate(deps, {
      reference: body.data.reference,
      status: body.data.status,
      ...(body.data.notes !== undefined ? { notes: body.data.notes } : {}),
    });
    res.status(202).json({ result });
  });
  return router;
}
