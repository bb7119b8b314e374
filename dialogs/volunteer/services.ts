/**
 * The volunteer module's services (src/modules/services.ts): the shift store (Redis when the
 * process has it, else memory), the per-process snapshot of opportunities with their current
 * shifts (catalog-view.ts, which the dialogs read), the admin API for shifts
 * (shifts/admin-routes.ts) and the CLI commands `volunteer:import <file.csv|file.json> [--prune]`
 * and `volunteer:cancel <shift-id> [--reason "..."]`.
 */
import type { ModuleCommand, ModuleHost, ModuleServices } from '../../src/modules/services';
import { parseImportJson, readImportFile, reportImportProblems } from '../../src/modules/table-import';
import { VolunteerCatalog } from './catalog-view';
import { shiftAdminRoutes } from './shifts/admin-routes';
import { cancelShift } from './shifts/cancel';
import { importShifts, type ImportDeps, type MovedShift } from './shifts/import';
import { RedisShiftStore } from './shifts/redis-store';
import { MemoryShiftStore, type ShiftStore } from './shifts/store';

export function volunteerServices(
  host: ModuleHost,
  opts: { refreshMs?: number; store?: ShiftStore; onMoved?: (moved: MovedShift[]) => Promise<void>; onCancelled?: () => Promise<void> } = {},
): ModuleServices & { volunteering: VolunteerCatalog; shifts: ShiftStore } {
  const store = opts.store ?? (host.stores.redis ? new RedisShiftStore(host.stores.redis) : new MemoryShiftStore());
  const view = new VolunteerCatalog({ opportunities: host.catalog.opportunities, store, logger: host.logger, ...(opts.refreshMs === undefined ? {} : { refreshMs: opts.refreshMs }) });
  // Only a catalogue with opportunities has shifts to read.
  if (host.catalog.opportunities.length > 0) view.start();
  const deps: ImportDeps = {
    view,
    store,
    timeZone: host.catalog.jurisdiction.timezone,
    now: host.now,
    ...(opts.onMoved ? { onMoved: opts.onMoved } : {}),
    ...(opts.onCancelled ? { onCancelled: opts.onCancelled } : {}),
  };
  const importCommand: ModuleCommand = {
    name: 'volunteer:import',
    usage: 'volunteer:import <file.csv|file.json> [--prune]   add or replace shifts of existing opportunities (all or nothing); status "cancelled" cancels a shift, --prune cancels the imported opportunities\' future shifts the file no longer lists',
    async run(args, io) {
      const prune = args.includes('--prune');
      const read = readImportFile(
        args.filter((a) => a !== '--prune')[0],
        io,
        'volunteer:import <file.csv> [--prune]   (columns: opportunity_id,shift_id,starts_at,ends_at,capacity[,status])',
      );
      if (typeof read === 'number') return read;
      const { file, text } = read;
      let outcome;
      if (file.toLowerCase().endsWith('.json')) {
        const parsed = parseImportJson(file, text, io);
        if (typeof parsed === 'number') return parsed;
        outcome = await importShifts({ json: parsed.json }, deps, { prune });
      } else outcome = await importShifts({ csv: text }, deps, { prune });
      if (!outcome.ok) return reportImportProblems(file, outcome.problems, io);
      io.write(`imported ${String(outcome.imported)} shifts (${String(outcome.added)} added, ${String(outcome.updated)} updated, ${String(outcome.cancelled)} cancelled)\n`);
      return 0;
    },
  };
  const cancelCommand: ModuleCommand = {
    name: 'volunteer:cancel',
    usage: 'volunteer:cancel <shift-id> [--reason "..."]   cancel a shift: everyone on it is told (the reason in the default language), nobody is promoted',
    async run(args, io) {
      const at = args.indexOf('--reason');
      const reasonText = at >= 0 ? args[at + 1]?.trim() : undefined;
      const shiftId = args.find((a, i) => !a.startsWith('--') && (at < 0 || i !== at + 1));
      if (shiftId === undefined || (at >= 0 && !reasonText)) {
        io.err('usage: wegov volunteer:cancel <shift-id> [--reason "..."]');
        return 2;
      }
      if (reasonText !== undefined && reasonText.length > 500) {
        io.err('the reason is at most 500 characters');
        return 2;
      }
      const reason = reasonText ? { [host.catalog.jurisdiction.defaultLocale]: reasonText } : undefined;
      const out = await cancelShift(shiftId, reason, deps);
      const id = shiftId.slice(0, 80);
      switch (out.outcome) {
        case 'unknown':
          io.err(`unknown shift '${id}'`);
          return 1;
        case 'already':
          io.err(`shift '${id}' was already cancelled at ${out.cancelledAt}`);
          return 1;
        case 'ended':
          io.err(`shift '${id}' has ended`);
          return 1;
        case 'cancelled':
          io.write(`cancelled shift ${id}; the people on it are told by the running WeGov\n`);
          return 0;
      }
    },
  };
  return {
    volunteering: view,
    shifts: store,
    adminRouter: shiftAdminRoutes({ ...deps, locales: host.catalog.jurisdiction.locales }),
    commands: [importCommand, cancelCommand],
    close: () => view.close(),
  };
}
