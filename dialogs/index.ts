/**
 * WeGov's participation modules: the one list the composition root hands to the engine (flows,
 * menu, deep links), to i18n (module texts) and to the outbox (result kinds). Adding a kind of
 * participation is a folder under dialogs/ exporting a `ParticipationModule` and one line here
 * (README: "How to add a kind of participation").
 */
import { createEngine, type Engine } from '../src/engine/engine';
import type { ParticipationModule } from '../src/engine/module';
import { consultationModule } from './consultation';
import { forgetModule } from './forget';
import { languageModule } from './language';
import { menuModule } from './menu';
import { myDataModule } from './my-data';
import { myDataServices } from './my-data/services';
import { reportModule } from './report';
import { reportServices } from './report/services';
import type { ModuleHost, ModuleServices, ServicesFactory } from '../src/modules/services';
import { consultationServices } from './consultation/results/services';
import { volunteerServices } from './volunteer/services';
import { volunteerModule } from './volunteer';
import { signUpServices } from './volunteer/signups/services';
import type { MovedShift } from './volunteer/shifts/import';
import { rosterServices } from './volunteer/roster/services';
import { adoptModule } from './adopt';
import { adoptServices } from './adopt/services';
import { attendanceServices, attendanceStore } from './volunteer/attendance/services';
import type { AttendanceStore } from './volunteer/attendance/store';
import { checkinModule } from './volunteer/checkin-module';
import { calendarServices } from './volunteer/calendar/services';
import { volunteerErasureServices } from './volunteer/signups/erasure-sink';

/** The kinds of participation, in menu order (each module's entry says where it goes). */
export const PARTICIPATION: readonly ParticipationModule[] = [reportModule, consultationModule, volunteerModule, checkinModule, adoptModule];

/** The modules' services (stores, own sinks, routes, CLI commands): built once per process. */
export const SERVICES: readonly ServicesFactory[] = [reportServices, myDataServices, consultationServices, ...signUpsAndRosters(), adoption];

/**
 * Volunteering (shifts), sign-ups, the staff's rosters of them, attendance, calendar files and
 * "delete my data", on one sign-up store per process. Built in this order by one
 * participationServices call; a moved shift (an import) reaches the sign-ups built with it.
 */
function signUpsAndRosters(): ServicesFactory[] {
  // The services of the build under way (one participationServices call builds them in order).
  type Built = { signUps?: ReturnType<typeof signUpServices>; attendance?: AttendanceStore; shifts?: ReturnType<typeof volunteerServices> };
  let built: Built = {};
  return [
    (host) => {
      const mine: Built = {};
      built = mine;
      return (mine.shifts = volunteering(host, {
        onMoved: async (moved) => mine.signUps?.shiftsMoved(moved),
        onCancelled: async () => mine.signUps?.shiftsCancelled(),
      }));
    },
    (host) => (built.signUps = signUpServices(host, undefined, built.shifts ? { store: built.shifts.shifts, view: built.shifts.volunteering } : undefined)),
    // Rosters show (and staff mark) the attendance that check-ins record: one store for both.
    (host) => rosterServices(host, built.signUps!.signUps, { attendance: (built.attendance = attendanceStore(host)) }),
    (host) => attendanceServices(host, built.signUps!.signUps, built.attendance),
    (host) => calendarServices(host, built.signUps!.signUps),
    (host) => volunteerErasureServices(host, built.signUps!),
  ];
}

/**
 * Volunteering's services, and the catalogue's opportunities made live: the dialogs read
 * `catalog.opportunities` synchronously, so it becomes the per-process snapshot of the catalogue's
 * opportunities with the shifts imported since (volunteer/catalog-view.ts).
 */
function volunteering(host: ModuleHost, on: { onMoved: (moved: MovedShift[]) => Promise<void>; onCancelled: () => Promise<void> }): ReturnType<typeof volunteerServices> {
  const services = volunteerServices(host, on);
  Object.defineProperty(host.catalog, 'opportunities', { get: () => services.volunteering.opportunities(), enumerable: true, configurable: true });
  return services;
}

/**
 * Adopt an asset's services, and the catalogue's assets made live: the dialogs read
 * `catalog.assets` synchronously, so it becomes the per-process snapshot of the catalogue's assets
 * and those imported since (adopt/imports/view.ts), as volunteering's opportunities are above.
 */
function adoption(host: ModuleHost): ModuleServices {
  const services = adoptServices(host);
  Object.defineProperty(host.catalog, 'assets', { get: () => services.assets.assets(), enumerable: true, configurable: true });
  return services;
}

export function participationServices(host: ModuleHost): ModuleServices[] {
  return SERVICES.map((build) => build(host));
}

/** Every module: the menu (built from the kinds), the kinds, and the core dialogs. */
export function participationModules(extra: readonly ParticipationModule[] = []): ParticipationModule[] {
  const kinds = [...PARTICIPATION, ...extra];
  return [menuModule(kinds), ...kinds, languageModule, forgetModule, myDataModule];
}

/** The engine with WeGov's own modules (tests and benchmarks; the app builds its own in compose). */
export const engine: Engine = createEngine(participationModules());
export const step = engine.step;
