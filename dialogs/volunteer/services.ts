/**
 * The volunteer module's services (src/modules/services.ts): the shift store (Redis when the
 * process has it, else memory), the per-process snapshot of opportunities with their current
 * shifts (catalog-view.ts, which the dialogs read), the admin API for shifts
 * (shifts/admin-routes.ts) and the CLI command `volunteer:import <file.csv|file.json>`.
 */
import { readFileSync } from 'node:fs';
import type { ModuleCommand, ModuleHost, ModuleServices } from '../../src/modules/services';
import { VolunteerCatalog } from './catalog-view';
import { shiftAdminRoutes } from './shifts/admin-routes';
import { importShifts, type MovedShift } from './shifts/import';
import { formatProblem } from './shifts/import-rows';
import { RedisShiftStore } from './shifts/redis-store';
import { MemoryShiftStore, type ShiftStore } from './shifts/store';

export function volunteerServices(
  host: ModuleHost,
  opts: { refreshMs?: number; store?: ShiftStore; onMoved?: (moved: MovedShift[]) => Promise<void> } = {},
): ModuleServices & { volunteering: VolunteerCatalog } {
  const store = opts.store ?? (host.stores.redis ? new RedisShiftStore(host.stores.redis) : new MemoryShiftStore());
  const view = new VolunteerCatalog({ opportunities: host.catalog.opportunities, store, logger: host.logger, ...(opts.refreshMs === undefined ? {} : { refreshMs: opts.refreshMs }) });
  // Only a catalogue with opportunities has shifts to read.
  if (host.catalog.opportunities.length > 0) view.start();
  const deps = { view, store, timeZone: host.catalog.jurisdiction.timezone, ...(opts.onMoved ? { onMoved: opts.onMoved } : {}) };
  const importCommand: ModuleCommand = {
    name: 'volunteer:import',
    usage: 'volunteer:import <file.csv|file.json>   add or replace shifts of existing opportunities (all or nothing)',
    async run(args, io) {
      const file = args[0];
      if (file === undefined) {
        io.err('usage: wegov volunteer:import <file.csv>   (columns: opportunity_id,shift_id,starts_at,ends_at,capacity)');
        return 2;
      }
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        io.err(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
        return 2;
      }
      let outcome;
      if (file.toLowerCase().endsWith('.json')) {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch (error) {
          io.err(`${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
          return 1;
        }
        outcome = await importShifts({ json }, deps);
      } else outcome = await importShifts({ csv: text }, deps);
      if (!outcome.ok) {
        for (const p of outcome.problems) io.err(`${file}: ${formatProblem(p)}`);
        io.err(`nothing imported: ${String(outcome.problems.length)} problem${outcome.problems.length === 1 ? '' : 's'}`);
        return 1;
      }
      io.write(`imported ${String(outcome.imported)} shifts (${String(outcome.added)} added, ${String(outcome.updated)} updated)\n`);
      return 0;
    },
  };
  return { volunteering: view, adminRouter: shiftAdminRoutes(deps), commands: [importCommand], close: () => view.close() };
}
