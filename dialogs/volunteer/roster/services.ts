/**
 * Rosters for staff, as module services (src/modules/services.ts; issue 13): the sign-up
 * answers' own sink (answers-sink.ts), the RosterProvider staff channels read (provider.ts),
 * `GET /volunteering/shifts/:id/roster.csv` behind the admin token and
 * `wegov volunteer:roster <shift-id>` (csv.ts). Built on the sign-up store the sign-up effect
 * uses (signups/services.ts), so a roster shows exactly the places taken, and on the attendance
 * store check-ins use (attendance/services.ts), so staff marks and check-ins are one record.
 */
import express from 'express';
import type { ModuleCommand, ModuleHost, ModuleServices } from '../../../src/modules/services';
import { SHIFT_ID } from '../../../src/modules/rosters';
import { sendError } from '../../../src/server/api-error';
import type { AttendanceStore } from '../attendance/store';
import type { SignUpStore } from '../signups/store';
import { MemoryAnswersStore, RedisAnswersStore, type AnswersStore } from './answers-store';
import { ROSTER_SINK_KEY, RosterAnswersSink } from './answers-sink';
import { rosterCsv } from './csv';
import { rosterProvider } from './provider';

export function rosterServices(
  host: Pick<ModuleHost, 'catalog' | 'stores' | 'i18n' | 'logger' | 'linkSecret'> & Partial<Pick<ModuleHost, 'submit'>>,
  signUps: SignUpStore,
  opts: { attendance: AttendanceStore; answers?: AnswersStore },
): ModuleServices {
  const answers = opts.answers ?? (host.stores.redis ? new RedisAnswersStore(host.stores.redis) : new MemoryAnswersStore());
  const rosters = rosterProvider({ host, signUps, answers, attendance: opts.attendance });
  const locale = host.catalog.jurisdiction.defaultLocale;
  const csvOf = async (shiftId: string): Promise<string | null> => {
    const r = SHIFT_ID.test(shiftId) ? await rosters.roster(shiftId, locale) : null;
    return r ? rosterCsv(r) : null;
  };
  const adminRouter = express.Router();
  adminRouter.get('/volunteering/shifts/:id/roster.csv', async (req, res) => {
    const csv = await csvOf(req.params.id);
    if (csv === null) return sendError(res, 404, 'not_found', `no shift '${req.params.id.slice(0, 80)}'`);
    res.type('text/csv; charset=utf-8').attachment(`${req.params.id}-roster.csv`).send(csv);
  });
  const command: ModuleCommand = {
    name: 'volunteer:roster',
    usage: 'volunteer:roster <shift-id>   the shift\'s roster as CSV on stdout (confirmed, then the waitlist)',
    async run(args, io) {
      const shiftId = args[0];
      if (shiftId === undefined) {
        io.err('usage: wegov volunteer:roster <shift-id>');
        return 2;
      }
      const csv = await csvOf(shiftId);
      if (csv === null) {
        io.err(`unknown shift '${shiftId.slice(0, 80)}'`);
        return 1;
      }
      io.write(csv);
      return 0;
    },
  };
  return { sinks: [{ sinkKey: ROSTER_SINK_KEY, sink: new RosterAnswersSink({ answers, logger: host.logger }) }], adminRouter, commands: [command], rosters };
}
