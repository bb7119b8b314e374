/**
 * `PUT /admin/volunteering/shifts` and `GET /admin/volunteering/shifts` through the real app
 * (demo catalogue), and `wegov volunteer:import` as the CLI runs it. On memory the tests change
 * the demo's own shifts; on the run's shared Redis they only add shifts of their own (dated 2020,
 * so no listing of upcoming shifts shows them) and delete them afterwards.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { SHIFTS_KEY } from '../../../dialogs/volunteer/shifts/redis-store';
import { runModuleCommand } from '../../../src/cli/module-command';
import { createRedisClient } from '../../../src/state/redis-connection';
import { waitUntilReady } from '../../../src/state/redis-calls';
import { testRedisUrl } from '../../setup/redis';
import { ADMIN_TOKEN, startHarness, type Harness } from '../../server/harness';

const HEADER = 'opportunity_id,shift_id,starts_at,ends_at,capacity';
const auth = { Authorization: `Bearer ${ADMIN_TOKEN}` };

interface ShiftsView {
  opportunities: { id: string; agency: string; shifts: { id: string; startsAt: string; endsAt: string; capacity: number }[] }[];
}

async function shiftsOf(h: Harness, opportunity: string): Promise<string[]> {
  const res = await request(h.app).get('/admin/volunteering/shifts').set(auth);
  expect(res.status).toBe(200);
  const o = (res.body as ShiftsView).opportunities.find((x) => x.id === opportunity);
  return (o?.shifts ?? []).map((s) => `${s.id} ${s.startsAt}-${s.endsAt} ${String(s.capacity)}`);
}

describe('the shift admin API (memory)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('memory');
  });
  afterAll(() => h.close());

  it('lists the demo shifts, then a CSV import replaces one and adds one, seen at once', async () => {
    expect(await shiftsOf(h, 'riverbank-cleanup')).toEqual([
      'cleanup-2026-12-05 2026-12-05T15:00:00.000Z-2026-12-05T18:00:00.000Z 20',
      'cleanup-2026-12-12 2026-12-12T15:00:00.000Z-2026-12-12T18:00:00.000Z 20',
      'cleanup-2026-12-19 2026-12-19T15:00:00.000Z-2026-12-19T18:00:00.000Z 20',
      'cleanup-2027-01-09 2027-01-09T15:00:00.000Z-2027-01-09T18:00:00.000Z 25',
    ]);
    const csv = `${HEADER}\nriverbank-cleanup,cleanup-2026-12-12,2026-12-12 10:00,2026-12-12 13:00,12\nriverbank-cleanup,cleanup-2027-01-16,2027-01-16 09:00,2027-01-16 12:00,20\n`;
    const res = await request(h.app).put('/admin/volunteering/shifts').set(auth).set('Content-Type', 'text/csv').send(csv);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ imported: 2, added: 1, updated: 1, cancelled: 0 });
    expect(await shiftsOf(h, 'riverbank-cleanup')).toEqual([
      'cleanup-2026-12-05 2026-12-05T15:00:00.000Z-2026-12-05T18:00:00.000Z 20',
      'cleanup-2026-12-12 2026-12-12T16:00:00.000Z-2026-12-12T19:00:00.000Z 12',
      'cleanup-2026-12-19 2026-12-19T15:00:00.000Z-2026-12-19T18:00:00.000Z 20',
      'cleanup-2027-01-09 2027-01-09T15:00:00.000Z-2027-01-09T18:00:00.000Z 25',
      'cleanup-2027-01-16 2027-01-16T15:00:00.000Z-2027-01-16T18:00:00.000Z 20',
    ]);
  });

  it('refuses a file with a bad row, saying which row and why, and changes nothing', async () => {
    const before = await shiftsOf(h, 'tree-planting');
    const csv = `${HEADER}\ntree-planting,trees-2027-03-07,2027-03-07 10:00,2027-03-07 12:00,15\ntree-planting,trees-2027-03-21,2027-03-21 10:00,2027-03-21 12:00,0\nlibrary,reading-1,2026-12-07 16:00,2026-12-07 17:00,4\n`;
    const res = await request(h.app).put('/admin/volunteering/shifts').set(auth).set('Content-Type', 'text/csv; charset=utf-8').send(csv);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: { code: 'invalid_body', message: 'row 3, capacity: must be a whole number of at least 1 (and 1 more problem; nothing was imported)' },
      problems: [
        'row 3, capacity: must be a whole number of at least 1',
        "row 4, opportunity_id: unknown opportunity 'library' (opportunities: riverbank-cleanup, tree-planting, drain-stenciling)",
      ],
    });
    expect(await shiftsOf(h, 'tree-planting')).toEqual(before);
  });

  it('takes the same rows as JSON', async () => {
    const body = { shifts: [{ opportunity_id: 'drain-stenciling', shift_id: 'stencil-2027-02-17', starts_at: '2027-02-17 14:00', ends_at: '2027-02-17 16:00', capacity: 8 }] };
    const res = await request(h.app).put('/admin/volunteering/shifts').set(auth).send(body);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ imported: 1, added: 1, updated: 0, cancelled: 0 });
    expect(await shiftsOf(h, 'drain-stenciling')).toContain('stencil-2027-02-17 2027-02-17T20:00:00.000Z-2027-02-17T22:00:00.000Z 8');
  });

  it('needs the admin token and a CSV or JSON body', async () => {
    const csv = `${HEADER}\nriverbank-cleanup,cleanup-x,2027-01-23 09:00,2027-01-23 12:00,20\n`;
    const anonymous = await request(h.app).put('/admin/volunteering/shifts').set('Content-Type', 'text/csv').send(csv);
    expect(anonymous.status).toBe(401);
    const plain = await request(h.app).put('/admin/volunteering/shifts').set(auth).set('Content-Type', 'text/plain').send(csv);
    expect(plain.status).toBe(415);
    expect(plain.body).toEqual({ error: { code: 'unsupported_media_type', message: 'send the shifts as text/csv or application/json' } });
    expect(await shiftsOf(h, 'riverbank-cleanup')).not.toContainEqual(expect.stringMatching(/^cleanup-x /));
  });
});

describe('shift imports on Redis: the admin API and wegov volunteer:import', () => {
  const client = createRedisClient(testRedisUrl());
  const tag = randomUUID().slice(0, 8);
  const ids = { api: `t-${tag}-api`, cli: `t-${tag}-cli`, bad: `t-${tag}-bad` };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wegov-shifts-'));
  const env = { REDIS_URL: testRedisUrl(), LOG_LEVEL: 'silent', PATH: process.env.PATH ?? '' };
  let h: Harness;

  async function cli(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await runModuleCommand('volunteer:import', args, { write: (t) => void (out += t), err: (l) => void (err += `${l}\n`) }, env);
    return { code, out, err };
  }

  beforeAll(async () => {
    await waitUntilReady(client, 2000, 'test');
    h = await startHarness('redis');
  });
  afterAll(async () => {
    await h.close();
    await client.hdel(SHIFTS_KEY, ...Object.values(ids));
    await client.quit();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stores an imported shift in Redis and lists it', async () => {
    const csv = `${HEADER}\ndrain-stenciling,${ids.api},2020-06-03 14:00,2020-06-03 16:00,6\n`;
    const res = await request(h.app).put('/admin/volunteering/shifts').set(auth).set('Content-Type', 'text/csv').send(csv);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ imported: 1, added: 1, updated: 0, cancelled: 0 });
    expect(JSON.parse((await client.hget(SHIFTS_KEY, ids.api)) ?? 'null')).toEqual({
      opportunityId: 'drain-stenciling',
      id: ids.api,
      startsAt: '2020-06-03T19:00:00.000Z',
      endsAt: '2020-06-03T21:00:00.000Z',
      capacity: 6,
    });
    expect(await shiftsOf(h, 'drain-stenciling')).toContain(`${ids.api} 2020-06-03T19:00:00.000Z-2020-06-03T21:00:00.000Z 6`);
  });

  it('imports a CSV file from the command line', async () => {
    const file = path.join(dir, 'shifts.csv');
    fs.writeFileSync(file, `${HEADER}\ntree-planting,${ids.cli},2020-01-12 10:00,2020-01-12 12:00,15\n`);
    const res = await cli([file]);
    expect(res).toEqual({ code: 0, out: 'imported 1 shifts (1 added, 0 updated, 0 cancelled)\n', err: '' });
    expect(JSON.parse((await client.hget(SHIFTS_KEY, ids.cli)) ?? 'null')).toMatchObject({ opportunityId: 'tree-planting', startsAt: '2020-01-12T16:00:00.000Z', capacity: 15 });
  });

  it('prints every bad row and imports nothing (exit code 1); no file is a usage error (2)', async () => {
    const file = path.join(dir, 'bad.csv');
    fs.writeFileSync(file, `${HEADER}\ntree-planting,${ids.bad},2020-01-19 10:00,2020-01-19 12:00,15\ntree-planting,${ids.cli}x,2020-01-26 12:00,2020-01-26 10:00,1.5\n`);
    const res = await cli([file]);
    expect(res).toEqual({
      code: 1,
      out: '',
      err: [`${file}: row 3, ends_at: must be after starts_at`, `${file}: row 3, capacity: must be a whole number of at least 1`, 'nothing imported: 2 problems', ''].join('\n'),
    });
    expect(await client.hexists(SHIFTS_KEY, ids.bad)).toBe(0);
    const usage = await cli([]);
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('usage: wegov volunteer:import <file.csv>');
  });
});
