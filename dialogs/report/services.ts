/**
 * Reporting's services (src/modules/services.ts): the effects behind "status WG-…", "my
 * reports", "follow WG-…" and "unfollow WG-…" (lookup.ts), read from the report records
 * (src/cases/report-record.ts; the host's stores). A record's owner is the person's pseudonym
 * in the `reports` scope, as the runtime wrote it (src/runtime/report-records.ts). The public
 * route `/open-data/reports.geojson` (open-data-route.ts) publishes the open ones.
 */
import { REPORTS_SCOPE, type ReportRecord } from '../../src/cases/report-record';
import type { Catalog } from '../../src/catalog/types';
import type { Json } from '../../src/engine/json';
import type { EffectHandler } from '../../src/runtime/effects';
import type { ModuleHost, ModuleServices } from '../../src/modules/services';
import { FOLLOW_EFFECT, MINE_EFFECT, STATUS_EFFECT } from './lookup';
import { reportsOpenDataRoutes } from './open-data-route';
import { nearbyServices } from './nearby-services';

/** What anyone may see of a report: no owner; the agency's note only when its notes are public. */
export function publicView(r: ReportRecord, catalog: Pick<Catalog, 'agencies'>): { [k: string]: Json } {
  const notesPublic = catalog.agencies.find((a) => a.id === r.agencyId)?.publicNotes === true;
  return {
    reference: r.reference,
    categoryId: r.categoryId,
    status: r.status,
    ...(r.districtId !== undefined ? { districtId: r.districtId } : {}),
    ...(notesPublic && r.notes !== undefined ? { notes: r.notes } : {}),
    // Staff merged it into another report (issue 16): public, like the status.
    ...(r.mergedInto !== undefined ? { mergedInto: r.mergedInto } : {}),
  };
}

function args(v: Json): { reference: string; follow: boolean } {
  const o = typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {};
  return { reference: typeof o.reference === 'string' ? o.reference.toUpperCase() : '', follow: o.follow === true };
}

export function reportServices(host: ModuleHost): ModuleServices {
  const { reports } = host.stores;
  const status: EffectHandler = async (req) => {
    const r = await reports.get(args(req.args).reference);
    const result: Json = r ? { outcome: 'found', report: publicView(r, host.catalog) } : { outcome: 'unknown' };
    return { result };
  };
  const mine: EffectHandler = async (req) => {
    const list = await reports.ofOwner(host.pseudonym(REPORTS_SCOPE, req.person));
    return { result: { outcome: 'listed', reports: list.map((r) => publicView(r, host.catalog)) } };
  };
  const follow: EffectHandler = async (req) => {
    const a = args(req.args);
    if (a.follow) {
      // A report merged into another is followed as the one the team now handles (its updates go there).
      const into = (await reports.get(a.reference))?.mergedInto;
      const followed = await reports.follow(into ?? a.reference, req.conversationId);
      return { result: followed ? { outcome: 'following', ...(into !== undefined ? { into } : {}) } : { outcome: 'unknown' } };
    }
    return { result: { outcome: (await reports.unfollow(a.reference, req.conversationId)) ? 'unfollowed' : 'not_following' } };
  };
  return { effects: { [STATUS_EFFECT]: status, [MINE_EFFECT]: mine, [FOLLOW_EFFECT]: follow, ...nearbyServices(host) }, publicRouter: reportsOpenDataRoutes(host) };
}
