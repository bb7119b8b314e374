/**
 * Shift imports (issue 13): CSV and JSON rows checked with exact row errors, applied all or
 * nothing, merged over the catalogue's shifts in the per-process snapshot that the dialogs read;
 * on memory and on Redis, where a second process's snapshot sees an import at its next refresh.
 */
import { randomUUID } from 'node:crypto';
import { parseCatalog } from '../../../src/catalog';
import type { Catalog } from '../../../src/catalog/types';
import { VolunteerCatalog } from '../../../dialogs/volunteer/catalog-view';
import { importShifts, type ImportSource } from '../../../dialogs/volunteer/shifts/import';
import { formatProblem } from '../../../dialogs/volunteer/shifts/import-rows';
import { RedisShiftStore } from '../../../dialogs/volunteer/shifts/redis-store';
import { MemoryShiftStore, type ShiftStore } from '../../../dialogs/volunteer/shifts/store';
import { RedisCalls, RoundTripCounter, waitUntilReady } from '../../../src/state/redis-calls';
import { createRedisClient } from '../../../src/state/redis-connection';
import { testRedisUrl } from '../../setup/redis';

const CATALOG = `jurisdiction:
  id: test.example
  name: Testville
  timezone: America/Chicago
  default_locale: en
  emergency_number: "911"
  boundary: { type: Polygon, coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] }
agencies:
  - { id: parks, name: Parks }
categories:
  - { id: pothole, service_code: "001", name: Pothole, agency: parks }
volunteering:
  opportunities:
    - id: river-cleanup
      title: River clean-up
      description: Pick up litter.
      agency: parks
      place: { lat: 0.5, lon: 0.5, address: River Park gate }
      shifts:
        - { id: cleanup-a, starts_at: 2026-12-05 09:00, ends_at: 2026-12-05 12:00, capacity: 20 }
        - { id: cleanup-b, starts_at: 2026-12-12 09:00, ends_at: 2026-12-12 12:00, capacity: 20 }
    - id: tree-planting
      title: Tree planting
      description: Plant trees.
      agency: parks
      place: { lat: 0.4, lon: 0.4, address: North garden }
`;

const catalog: Catalog = parseCatalog(CATALOG, 'city.yaml', { shippedLocales: ['en'] });
const HEADER = 'opportunity_id,shift_id,starts_at,ends_at,capacity';

function setup(store: ShiftStore = new MemoryShiftStore()) {
  const view = new VolunteerCatalog({ opportunities: catalog.opportunities, store });
  const run = (source: ImportSource) => importShifts(source, { view, store, timeZone: 'America/Chicago' });
  const shifts = (id: string) => view.opportunity(id)?.shifts.map((s) => `${s.id} ${s.startsAt} ${String(s.capacity)}`);
  return { view, store, run, shifts };
}

async function problemsOf(outcome: Promise<Awaited<ReturnType<ReturnType<typeof setup>['run']>>>): Promise<string[]> {
  const o = await outcome;
  if (o.ok) throw new Error('expected the import to be refused');
  return o.problems.map(formatProblem);
}

describe('importing shifts from CSV', () => {
  it('replaces a catalogue shift of the same id, adds new ones, and the snapshot shows them soonest first', async () => {
    const { run, shifts, view } = setup();
    expect(shifts('river-cleanup')).toEqual(['cleanup-a 2026-12-05T15:00:00.000Z 20', 'cleanup-b 2026-12-12T15:00:00.000Z 20']);
    const csv = [
      HEADER,
      'river-cleanup,cleanup-b,2026-12-12 10:00,2026-12-12 13:00,12',
      'river-cleanup,cleanup-c,2026-12-19 09:00,2026-12-19 12:00,25',
      // A summer date: daylight time (UTC-5).
      'tree-planting,trees-1,2027-06-06 10:00,2027-06-06 12:00,15',
      '',
    ].join('\n');
    await expect(run({ csv })).resolves.toEqual({ ok: true, imported: 3, added: 2, updated: 1, cancelled: 0 });
    expect(shifts('river-cleanup')).toEqual(['cleanup-a 2026-12-05T15:00:00.000Z 20', 'cleanup-b 2026-12-12T16:00:00.000Z 12', 'cleanup-c 2026-12-19T15:00:00.000Z 25']);
    expect(shifts('tree-planting')).toEqual(['trees-1 2027-06-06T15:00:00.000Z 15']);
    expect(view.opportunity('tree-planting')?.shifts[0]).toEqual({ id: 'trees-1', startsAt: '2027-06-06T15:00:00.000Z', endsAt: '2027-06-06T17:00:00.000Z', capacity: 15 });
    // Importing it again changes nothing and counts as updates.
    await expect(run({ csv })).resolves.toEqual({ ok: true, imported: 3, added: 0, updated: 3, cancelled: 0 });
  });

  it('reads a spreadsheet export: BOM, CRLF, quoted fields, header in any case', async () => {
    const { run, shifts } = setup();
    const csv = `\uFEFF${HEADER.toUpperCase()}\r\n"river-cleanup","cleanup-c","2026-12-19 09:00","2026-12-19 12:00","25"\r\n`;
    await expect(run({ csv })).resolves.toMatchObject({ ok: true, imported: 1, added: 1 });
    expect(shifts('river-cleanup')).toContain('cleanup-c 2026-12-19T15:00:00.000Z 25');
  });

  it('reports every bad row with its row number, column and reason, and applies nothing', async () => {
    const { run, shifts, store } = setup();
    const csv = [
      HEADER,
      'river-cleanup,cleanup-new,2026-12-26 09:00,2026-12-26 12:00,20',
      'library,read-1,2026-12-07 16:00,2026-12-07 17:00,5',
      'river-cleanup,Cleanup 2,2026-12-27 09:00,2026-12-27 12:00,5',
      'river-cleanup,cleanup-x,2026-12-28 9am,2026-12-28 12:00,5',
      'river-cleanup,cleanup-y,2026-12-29 12:00,2026-12-29 09:00,5',
      'river-cleanup,cleanup-z,2026-12-30 09:00,2026-12-30 12:00,0',
      'river-cleanup,cleanup-new,2026-12-31 09:00,2026-12-31 12:00,5',
      'tree-planting,cleanup-a,2027-01-10 10:00,2027-01-10 12:00,15',
      'river-cleanup,cleanup-w,2027-03-14 02:30,2027-03-14 04:00,2.5',
      'river-cleanup,cleanup-v,2026-12-30 09:00,2026-12-30 12:00',
      ',,2026-02-30 09:00,,',
    ].join('\n');
    expect(await problemsOf(run({ csv }))).toEqual([
      "row 3, opportunity_id: unknown opportunity 'library' (opportunities: river-cleanup, tree-planting)",
      'row 4, shift_id: must be 1-40 lowercase letters, digits, - or _, starting with a letter or digit',
      'row 5, starts_at: expected a date and time like 2026-11-15 09:00 (in America/Chicago), or an ISO instant with an offset',
      'row 6, ends_at: must be after starts_at',
      'row 7, capacity: must be a whole number of at least 1',
      "row 8, shift_id: 'cleanup-new' is also on row 2",
      "row 9, shift_id: 'cleanup-a' is a shift of opportunity 'river-cleanup' (shift ids are unique across the deployment)",
      'row 10, starts_at: 2027-03-14 02:30 does not exist in America/Chicago (the clocks skip that hour); pick a time outside it',
      'row 10, capacity: must be a whole number of at least 1',
      'row 11: has 4 columns; expected 5 (opportunity_id,shift_id,starts_at,ends_at,capacity)',
      'row 12, opportunity_id: required',
      'row 12, shift_id: required',
      "row 12, starts_at: '2026-02-30 09:00' is not a real date and time",
      'row 12, ends_at: required',
      'row 12, capacity: required',
    ]);
    // All or nothing: row 2 was fine, and is not there.
    await expect(store.all()).resolves.toEqual([]);
    expect(shifts('river-cleanup')).toEqual(['cleanup-a 2026-12-05T15:00:00.000Z 20', 'cleanup-b 2026-12-12T15:00:00.000Z 20']);
  });

  it('applies nothing when one row of a hundred is wrong', async () => {
    const { run, store } = setup();
    const rows = Array.from({ length: 100 }, (_, i) => `river-cleanup,bulk-${String(i)},2027-01-0${String(1 + (i % 9))} 09:00,2027-01-0${String(1 + (i % 9))} 12:00,${i === 73 ? 'ten' : '10'}`);
    expect(await problemsOf(run({ csv: [HEADER, ...rows].join('\n') }))).toEqual(['row 75, capacity: must be a whole number of at least 1']);
    await expect(store.all()).resolves.toEqual([]);
    rows[73] = rows[73]!.replace(/ten$/, '10');
    await expect(run({ csv: [HEADER, ...rows].join('\n') })).resolves.toEqual({ ok: true, imported: 100, added: 100, updated: 0, cancelled: 0 });
    await expect(store.all()).resolves.toHaveLength(100);
  });

  it('refuses a wrong header, an empty file, a header alone and broken quoting', async () => {
    const { run } = setup();
    expect(await problemsOf(run({ csv: 'opportunity,shift,start,end,places\nriver-cleanup,x,2026-12-19 09:00,2026-12-19 12:00,5\n' }))).toEqual([
      'row 1: the header must be opportunity_id,shift_id,starts_at,ends_at,capacity (optionally ,status) (got opportunity,shift,start,end,places)',
    ]);
    expect(await problemsOf(run({ csv: '' }))).toEqual(['file: empty: the first row is the header opportunity_id,shift_id,starts_at,ends_at,capacity']);
    expect(await problemsOf(run({ csv: `${HEADER}\n` }))).toEqual(['file: no shifts to import (only a header)']);
    const [broken] = await problemsOf(run({ csv: `${HEADER}\nriver-cleanup,"cleanup-c,2026-12-19 09:00,2026-12-19 12:00,25\n` }));
    expect(broken).toMatch(/^row 2: not valid CSV \(Quote Not Closed/);
  });
});

describe('importing shifts from JSON', () => {
  it('takes { shifts: [...] } with numbers or text for the capacity', async () => {
    const { run, shifts } = setup();
    const json = { shifts: [{ opportunity_id: 'tree-planting', shift_id: 'trees-1', starts_at: '2027-01-10 10:00', ends_at: '2027-01-10T12:00:00-06:00', capacity: 15 }] };
    await expect(run({ json })).resolves.toEqual({ ok: true, imported: 1, added: 1, updated: 0, cancelled: 0 });
    expect(shifts('tree-planting')).toEqual(['trees-1 2027-01-10T16:00:00.000Z 15']);
  });

  it('names the item and key of each problem', async () => {
    const { run } = setup();
    const json = {
      shifts: [
        { opportunity_id: 'tree-planting', shift_id: 'trees-1', starts_at: '2027-01-10 10:00', ends_at: '2027-01-10 12:00', capacity: 0 },
        { opportunity_id: 'tree-planting', shift_id: 'trees-2', starts_at: '2027-01-11 10:00', ends_at: '2027-01-11 12:00', capacity: 3, places: 3 },
        'trees-3',
      ],
    };
    expect(await problemsOf(run({ json }))).toEqual([
      "shifts[1]: unknown key 'places' (keys: opportunity_id, shift_id, starts_at, ends_at, capacity, status)",
      'shifts[2]: expected an object with opportunity_id, shift_id, starts_at, ends_at and capacity',
      'shifts[0], capacity: must be a whole number of at least 1',
    ]);
    expect(await problemsOf(run({ json: { rows: [] } }))).toEqual(['body: expected { "shifts": [{ "opportunity_id", "shift_id", "starts_at", "ends_at", "capacity" }, ...] }']);
  });
});

describe('shifts on Redis, seen by another process', () => {
  const client = createRedisClient(testRedisUrl());
  const calls = new RedisCalls(client, new RoundTripCounter(), 2000);
  const key = `wegov:{volunteering-test:${randomUUID()}}:shifts`;
  beforeAll(() => waitUntilReady(client, 2000, 'test'));
  afterAll(async () => {
    await client.del(key);
    await client.quit();
  });

  it('stores an import whole; a second snapshot on the same Redis shows it at its next refresh', async () => {
    const here = setup(new RedisShiftStore(calls, key));
    const there = new VolunteerCatalog({ opportunities: catalog.opportunities, store: new RedisShiftStore(calls, key), refreshMs: 25 });
    there.start();
    await there.nextRefresh();
    try {
      const bad = `${HEADER}\nriver-cleanup,cleanup-c,2026-12-19 09:00,2026-12-19 12:00,25\nriver-cleanup,cleanup-d,2026-12-26 09:00,2026-12-26 12:00,-1\n`;
      expect(await problemsOf(here.run({ csv: bad }))).toEqual(['row 3, capacity: must be a whole number of at least 1']);
      expect(await client.hlen(key)).toBe(0);

      const good = `${HEADER}\nriver-cleanup,cleanup-a,2026-12-05 08:00,2026-12-05 11:00,30\nriver-cleanup,cleanup-c,2026-12-19 09:00,2026-12-19 12:00,25\n`;
      await expect(here.run({ csv: good })).resolves.toEqual({ ok: true, imported: 2, added: 1, updated: 1, cancelled: 0 });
      // This process sees it at once.
      expect(here.shifts('river-cleanup')).toEqual(['cleanup-a 2026-12-05T14:00:00.000Z 30', 'cleanup-b 2026-12-12T15:00:00.000Z 20', 'cleanup-c 2026-12-19T15:00:00.000Z 25']);
      // The other one at its next refresh.
      await there.nextRefresh();
      expect(there.opportunity('river-cleanup')?.shifts.map((s) => `${s.id} ${s.startsAt} ${String(s.capacity)}`)).toEqual(here.shifts('river-cleanup'));
    } finally {
      await there.close();
    }
  });
});
