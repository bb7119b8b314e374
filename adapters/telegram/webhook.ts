/**
 * `POST /telegram/webhook`: Telegram's webhook. The secret header is checked first, in
 * constant time, before the body is even parsed: a wrong or missing secret gets 401 and
 * nothing is processed. Then:
 *   - not JSON, or no `update_id`        -> 400 (a broken sender, not Telegram);
 *   - an update we do not use            -> 200 `{}`;
 *   - handled                            -> 200 with the update's last Bot API call as the body
 *                                           (Telegram runs it), or `{}`;
 *   - the store unreachable              -> 503: nothing was processed and Telegram delivers the
 *                                           update again later; dedupe on update_id makes the
 *                                           retry safe;
 *   - any other failure                  -> 200 (the handler already apologised to the person):
 *                                           redelivering a poisonous update forever helps no one.
 */
import crypto from 'node:crypto';
import express, { type Router } from 'express';
import { z } from 'zod';
import type { Logger } from '../../src/log';
import { errorSummary } from '../../src/log';
import { sendError } from '../../src/server/api-error';
import { apiErrorHandler } from '../../src/server/error-handler';
import { StoreUnavailableError } from '../../src/state/types';
import type { TelegramHandler } from './handler';
import { updateSchema } from './update-schema';

export const SECRET_HEADER = 'X-Telegram-Bot-Api-Secret-Token';

/** Telegram's updates are small; a long text is 4,096 characters. */
const BODY_LIMIT = '1mb';

const hasUpdateId = z.looseObject({ update_id: z.number().int().nonnegative() });

/** Constant-time comparison of two secrets of any length (compares their sha256). */
function sameSecret(a: string, b: string): boolean {
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

export function createTelegramWebhookRouter(handler: TelegramHandler, opts: { secret: string; logger: Logger }): Router {
  const router = express.Router();
  router.post(
    '/webhook',
    (req, res, next) => {
      const given = req.get(SECRET_HEADER);
      if (given === undefined || !sameSecret(given, opts.secret)) return sendError(res, 401, 'unauthorized', 'missing or wrong secret token');
      next();
    },
    express.json({ limit: BODY_LIMIT, strict: true, type: () => true }),
    async (req, res) => {
      if (!hasUpdateId.safeParse(req.body).success) return sendError(res, 400, 'invalid_body', 'not a Telegram Update (no update_id)');
      const parsed = updateSchema.safeParse(req.body);
      if (!parsed.success) {
        opts.logger.warn({ updateId: (req.body as { update_id: number }).update_id }, 'telegram update with an unexpected shape ignored');
        res.status(200).json({});
        return;
      }
      try {
        const call = await handler.handle(parsed.data);
        res.status(200).json(call ?? {});
      } catch (error) {
        if (error instanceof StoreUnavailableError) throw error; // -> 503, Telegram retries
        opts.logger.error({ updateId: parsed.data.update_id, err: errorSummary(error) }, 'telegram webhook failed');
        res.status(200).json({});
      }
    },
  );
  router.use((req, res) => sendError(res, 404, 'not_found', `no such endpoint: ${req.method} ${req.baseUrl}${req.path}`));
  router.use(apiErrorHandler(opts.logger));
  return router;
}
