/**
 * The volunteer module's services (src/modules/services.ts): the shift store (Redis when the
 * process has it, else memory), the per-process snapshot of opportunities with their current
 * shifts (catalog-view.ts, which the dialogs read), the admin API for shifts
 * (shifts/admin-routes.ts) and the CLI command `volunteer:import <file.csv|file.json>`.
 */
import type { ModuleCommand, ModuleHost, ModuleServices } from '../../src/modules/services';
import { parseImportJson, readImportFile, reportImportProblems } from '../../src/modules/table-import';
import { VolunteerCatalog } from './catalog-view';
import { shiftAdminRoutes } from './shifts/admin-routes';
import { importShifts, type MovedShift } from './shifts/import';
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
      const read = readImportFile(args[0], io, 'volunteer:import <file.csv>   (columns: opportunity_id,shift_id,starts_at,ends_at,capacity)');
      if (typeof read === 'number') return read;
      const { file, text } = read;
      let outcome;
      if (file.toLowerCase().endsWith('.json')) {
        const parsed = parseImportJson(file, text, io);
        if (typeof parsed === 'number') return parsed;
        outcome = await importShifts({ json: parsed.json }, deps);
      } else outcome = await importShifts({ csv: text }, deps);
      if (!outcome.ok) return reportImportProblems(file, outcome.problems, io);
      io.write(`imported ${String(outcome.imported)} shifts (${String(outcome.added)} added, ${String(outcome.updated)} updated)\n`);
      return 0;
    },
  };
  return { volunteering: view, adminRouter: shiftAdminRoutes(deps), commands: [importCommand], close: () => view.close() };
}
