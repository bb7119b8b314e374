/**
 * The effects behind nearby reports and "me too" (nearby.ts), on the report records
 * (src/cases/report-record.ts):
 * - `report.nearby` `{ categoryId, lat, lon }`: open reports of the category within the
 *   catalogue's `nearby.radius_m`, submitted in the last `max_age_days`, nearest first, five at
 *   most: `{ outcome: 'found', reports }` (public fields only);
 * - `report.me_too` `{ reference }`: counts the person once on the report (their pseudonym in the
 *   `reports` scope, which "delete my data" removes) and makes this conversation follow it:
 *   `{ outcome: 'counted' | 'already' | 'closed' | 'unknown' }`. A turn that does not commit takes
 *   the count back (`undo`).
 */
import { REPORTS_SCOPE } from '../../src/cases/report-record';
import { DEFAULT_NEARBY } from '../../src/catalog/schema-nearby';
import type { Json } from '../../src/engine/json';
import { errorSummary } from '../../src/log';
import type { EffectDone, EffectHandler } from '../../src/runtime/effects';
import type { ModuleHost } from '../../src/modules/services';
import { ME_TOO_EFFECT, NEARBY_EFFECT } from './nearby';

/** At most this many nearby reports are offered. */
export const NEARBY_LIMIT = 5;
const DAY_MS = 86_400_000;

function args(v: Json): { [k: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {};
}

export function nearbyServices(host: ModuleHost): Record<string, EffectHandler> {
  const { reports } = host.stores;
  const nearby: EffectHandler = async (req): Promise<EffectDone> => {
    const { categoryId, lat, lon } = args(req.args);
    if (typeof categoryId !== 'string' || typeof lat !== 'number' || typeof lon !== 'number') return { result: { outcome: 'found', reports: [] } };
    const config = host.catalog.nearby ?? DEFAULT_NEARBY;
    if (config.radiusM <= 0) return { result: { outcome: 'found', reports: [] } };
    const since = new Date(host.now().getTime() - config.maxAgeDays * DAY_MS);
    try {
      const found = await reports.nearby({ categoryId, lat, lon, radiusM: config.radiusM, since, limit: NEARBY_LIMIT });
      return { result: { outcome: 'found', reports: found as unknown as Json } };
    } catch (error) {
      // No offer then: the report goes on as a new one.
      host.logger.warn({ err: errorSummary(error) }, 'nearby reports not searched');
      return { result: { outcome: 'unavailable' } };
    }
  };
  const meToo: EffectHandler = async (req) => {
    const reference = args(req.args).reference;
    if (typeof reference !== 'string') return { result: { outcome: 'unknown' } };
    const person = host.pseudonym(REPORTS_SCOPE, req.person);
    try {
      const outcome = await reports.meToo(reference, person);
      if (outcome === 'counted' || outcome === 'already') await reports.follow(reference, req.conversationId);
      return { result: { outcome }, ...(outcome === 'counted' ? { undo: () => reports.undoMeToo(reference, person) } : {}) };
    } catch (error) {
      // The flow says so and goes on with the report as a new one.
      host.logger.warn({ reference, err: errorSummary(error) }, 'me too not counted');
      return { result: { outcome: 'unavailable' } };
    }
  };
  return { [NEARBY_EFFECT]: nearby, [ME_TOO_EFFECT]: meToo };
}
