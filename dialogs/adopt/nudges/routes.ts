/**
 * The agency's nudges, behind the admin token (mounted under /admin):
 * - `POST /adoptions/nudge` `{ type, message: { en, es, ar }, nudgeId? }`: queues one message to
 *   each adopter of that type (however many of them they adopted), in their own language, and
 *   answers at once: 202 `{ nudgeId, adopters }`. The same `nudgeId` again (a retried request)
 *   reaches nobody twice; with another type or message it is 409 `conflict`. 400 `invalid_body`
 *   for a bad body or a type no listed asset has; 503 `busy` in a process that runs no nudges.
 * - `GET /adoptions/nudges/:nudgeId`: `{ nudgeId, type, adopters, delivered, unreachable, pending }`
 *   (404 `not_found` for an unknown id).
 */
import { randomUUID } from 'node:crypto';
import express, { type Router } from 'express';
import { z } from 'zod';
import type { AdoptableAsset } from '../../../src/catalog/types';
import type { ModuleHost } from '../../../src/modules/services';
import { sendError } from '../../../src/server/api-error';
import type { Adoption, AdoptionStore } from '../store/store';
import type { NudgeQueue, NudgeTarget } from './queue';

const nudgeBody = z.strictObject({
  type: z.string().min(1),
  message: z.record(z.string(), z.string().trim().min(1).max(1000)).refine((m) => Object.keys(m).length > 0, 'message needs at least one language'),
  /** Optional: a retried request with the same id reaches nobody twice. */
  nudgeId: z.string().min(1).max(100).optional(),
});

/** Each adopter of the type once, at the conversation of their latest adoption of one. */
export function nudgeTargets(assets: readonly AdoptableAsset[], adoptions: readonly Adoption[], type: string): NudgeTarget[] {
  const ofType = new Set(assets.filter((a) => a.type === type).map((a) => a.id));
  const latest = new Map<string, Adoption>();
  for (const a of adoptions) {
    if (!ofType.has(a.assetId)) continue;
    const known = latest.get(a.adopter);
    if (!known || known.adoptedAt < a.adoptedAt) latest.set(a.adopter, a);
  }
  return [...latest.values()].map((a) => ({ adopter: a.adopter, conversationId: a.conversationId })).sort((a, b) => a.adopter.localeCompare(b.adopter));
}

export function nudgeRoutes(host: Pick<ModuleHost, 'catalog' | 'now'>, adoptions: AdoptionStore, nudges: NudgeQueue | undefined): Router {
  const router = express.Router();
  router.post('/adoptions/nudge', async (req, res) => {
    const body = nudgeBody.safeParse(req.body);
    if (!body.success) return sendError(res, 400, 'invalid_body', body.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    const { type, message } = body.data;
    if (!host.catalog.assets.some((a) => a.type === type)) return sendError(res, 400, 'invalid_body', `type: no asset of type '${type}' is listed`);
    if (!nudges) return sendError(res, 503, 'busy', 'this process sends no nudges; send it to one that serves people');
    const nudgeId = body.data.nudgeId ?? randomUUID();
    const targets = nudgeTargets(host.catalog.assets, await adoptions.all(), type);
    const started = await nudges.start({ id: nudgeId, type, message }, targets, host.now().toISOString());
    if (started.outcome === 'conflict') return sendError(res, 409, 'conflict', `nudgeId: '${nudgeId}' is already a nudge with another type or message`);
    res.status(202).json({ nudgeId, adopters: started.adopters });
  });
  router.get('/adoptions/nudges/:nudgeId', async (req, res) => {
    const progress = nudges ? await nudges.progress(String(req.params.nudgeId)) : null;
    if (!progress) return sendError(res, 404, 'not_found', 'no nudge with that id');
    res.json(progress);
  });
  return router;
}
