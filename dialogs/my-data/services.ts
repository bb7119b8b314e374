/**
 * "My data"'s service (src/modules/services.ts): the effect behind the list of reports this
 * conversation follows (index.ts FOLLOWING_EFFECT), read from the report records' per-conversation
 * follows (src/cases/report-record.ts `followedBy`, the set "delete my data" ends), newest first,
 * each as anyone may see it (report/services.ts publicView: no owner, no text).
 */
import type { ReportRecord } from '../../src/cases/report-record';
import { errorSummary } from '../../src/log';
import type { EffectDone, EffectHandler } from '../../src/runtime/effects';
import type { ModuleHost, ModuleServices } from '../../src/modules/services';
import { publicView } from '../report/services';
import { FOLLOWING_EFFECT } from './index';

export function myDataServices(host: ModuleHost): ModuleServices {
  const { reports } = host.stores;
  const following: EffectHandler = async (req): Promise<EffectDone> => {
    try {
      const records = await Promise.all((await reports.followedBy(req.conversationId)).map((ref) => reports.get(ref)));
      const listed = records.filter((r): r is ReportRecord => r !== null).sort((a, b) => b.submittedAt.localeCompare(a.submittedAt) || a.reference.localeCompare(b.reference));
      return { result: { outcome: 'listed', reports: listed.map((r) => publicView(r, host.catalog)) } };
    } catch (error) {
      // "My data" still gives the link; the list is left out.
      host.logger.warn({ err: errorSummary(error) }, 'followed reports not listed for my data');
      return { result: { outcome: 'unavailable' } };
    }
  };
  return { effects: { [FOLLOWING_EFFECT]: following } };
}
