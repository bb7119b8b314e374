import crypto from 'node:crypto';
import express, { type Router } from 'express';
import { z } from 'zod';
import type { RuntimeDeps } from '../runtime/deps';
import { deliverStatusUpdate } from '../runtime/status-updates';
import { ApiError, sendError } from './api-error';

const statusBody = z.strictObject({
  status: z.enum(['open', 'acknowledged', 'in_progress', 'closed', 'rejected']),
  notes: z.string().trim().min(1).max(2000).optional(),
});

const REFERENCE = /^[A-Za-z0-9-]{1,40}$/;

/** Constant-time comparison of two secrets of any length (compares their sha256). */
function sameSecret(a: string, b: string): boolean {
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

/**
 * The operator/agency API, until the forwarding issue brings sinks that push answers back:
 * `POST /admin/cases/:reference/status` feeds a status update into the citizen's chat; the
 * participation modules add theirs (src/modules/services.ts).
 */
export function createAdminRouter(deps: RuntimeDeps, adminToken: string, modules: readonly Router[] = []): Router {
  const router = express.Router();
  router.use((req, _res, next) => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    if (!m?.[1] || !sameSecret(m[1], adminToken)) {
      next(new ApiError(401, 'unauthorized', 'missing or wrong admin token'));
      return;
    }
    next();
  });
  router.use(express.json({ limit: '100kb' }));
  router.post('/cases/:reference/status', async (req, res) => {
    const reference = String(req.params.reference);
    if (!REFERENCE.test(reference)) return sendError(res, 400, 'invalid_body', 'reference: must be letters, digits and dashes');
    const body = statusBody.safeParse(req.body ?? {});
    if (!body.success) {
      const issue = body.error.issues[0];
      return sendError(res, 400, 'invalid_body', `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
    }
    const result = await deliverStatusUpdate(deps, {
      reference: reference.toUpperCase(),
      status: body.data.status,
      ...(body.data.notes !== undefined ? { notes: body.data.notes } : {}),
    });
    res.status(202).json({ result });
  });
  // The participation modules' admin routes (e.g. consultation results and exports), behind the same token.
  for (const m of modules) router.use(m);
  return router;
}
