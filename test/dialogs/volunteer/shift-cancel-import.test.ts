/**
 * Cancelling shifts by import and from the shell (issue 13), through the real app on Redis at a
 * fixed time in 2031 (the run's Redis is shared: no other file has shifts that late, so `prune`
 * touches only this file's). A `status` column of `cancelled` cancels its shift; `?prune=true`
 * cancels the imported opportunity's shifts still to start that the file no longer lists (not a
 * past one, not one already cancelled), and the person on it is told; a cancelled shift listed as
 * scheduled again is refused. `wegov volunteer:cancel <id> --reason "..."` cancels from the shell:
 * the running app tells the person on it (in Spanish, with the reason in the default language)
 * at its next refresh; again, or an unknown shift, is exit code 1.
 */
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { SHIFTS_KEY } from '../../../dialogs/volunteer/shifts/redis-store';
import { runModuleCommand } from '../../../src/cli/module-command';
import { waitUntilReady } from '../../../src/state/redis-calls';
import { createRedisClient } from '../../../src/state/redis-connection';
import { ADMIN_TOKEN, eventually, history, startHarness, submissionLines, type Harness } from '../../server/harness';
import { testRedisUrl } from '../../setup/redis';
import { signUpFor } from './support';

const NOW = new Date('2031-01-05T15:00:00.000Z');
const auth = { Authorization: `Bearer ${ADMIN_TOKEN}` };

describe('cancelling shifts by import (status, prune) and wegov volunteer:cancel (Redis)', () => {
  const tag = randomBytes(4).toString('hex');
  const ids = { past: `c${tag}-past`, one: `c${tag}-one`, two: `c${tag}-two`, three: `c${tag}-three` };
  const client = createRedisClient(testRedisUrl());
  let h: Harness;

  const put = (csv: string, query = '') => request(h.app).put(`/admin/volunteering/shifts${query}`).set(auth).set('Content-Type', 'text/csv').send(csv);
  const row = (id: string, day: string, status?: string): string => `riverbank-cleanup,${id},${day} 09:00,${day} 12:00,2${status === undefined ? '' : `,${status}`}`;
  const cancelledIds = async (): Promise<string[]> => {
    const res = await request(h.app).get('/admin/volunteering/shifts').set(auth);
    const shifts = (res.body as { opportunities: { id: string; shifts: { id: string; cancelled?: unknown }[] }[] }).opportunities.flatMap((o) => o.shifts);
    return shifts.filter((s) => Object.values(ids).includes(s.id) && s.cancelled).map((s) => s.id).sort();
  };
  const shiftCancellations = (shiftId: string) => submissionLines(h.submissionsFile).filter((l) => (l as { kind?: string }).kind === 'volunteer_shift_cancellation' && l.payload.shiftId === shiftId);

  beforeAll(async () => {
    await waitUntilReady(client, 2000, 'test');
    h = await startHarness('redis', { env: { WEGOV_MEDIA_URL_SECRET: 'shift-cancel-import-secret-0123456789' }, overrides: { now: () => NOW } });
    const csv = ['opportunity_id,shift_id,starts_at,ends_at,capacity', row(ids.past, '2031-01-02'), row(ids.one, '2031-02-01'), row(ids.two, '2031-02-08'), row(ids.three, '2031-02-15')].join('\r\n');
    expect((await put(csv)).body).toEqual({ imported: 4, added: 4, updated: 0, cancelled: 0 });
  });
  afterAll(async () => {
    await h?.close();
    await client.hdel(SHIFTS_KEY, ...Object.values(ids));
    await client.quit();
  });

  it('a status of "cancelled" cancels that shift; listed as scheduled again it is refused', async () => {
    const csv = ['opportunity_id,shift_id,starts_at,ends_at,capacity,status', row(ids.one, '2031-02-01', 'cancelled'), row(ids.three, '2031-02-15', '')].join('\r\n');
    expect((await put(csv)).body).toEqual({ imported: 2, added: 0, updated: 2, cancelled: 1 });
    expect(await cancelledIds()).toEqual([ids.one]);
    // Again: already cancelled, nothing new.
    expect((await put(csv)).body).toMatchObject({ cancelled: 0 });
    const reopened = await put(['opportunity_id,shift_id,starts_at,ends_at,capacity', row(ids.one, '2031-02-01')].join('\r\n'));
    expect(reopened.status).toBe(400);
    expect(JSON.stringify(reopened.body)).toContain(`'${ids.one}' was cancelled; a new shift needs a new id`);
    const bad = await put(['opportunity_id,shift_id,starts_at,ends_at,capacity,status', row(ids.three, '2031-02-15', 'maybe')].join('\r\n'));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("must be empty, 'scheduled' or 'cancelled'");
  });

  it('prune cancels the future shifts the file no longer lists, and the person on one is told', async () => {
    const { s, said } = await signUpFor(h.app, ids.two, `prune-volunteer-${tag}-0001`);
    expect(said[0]).toMatch(/^You are signed up for Riverbank clean-up, Sat, Feb 8/);
    const res = await put(['opportunity_id,shift_id,starts_at,ends_at,capacity', row(ids.three, '2031-02-15')].join('\r\n'), '?prune=true');
    expect(res.body).toEqual({ imported: 1, added: 0, updated: 1, cancelled: 1 });
    // The past shift and the one already cancelled are left as they were.
    expect(await cancelledIds()).toEqual([ids.one, ids.two].sort());
    const told = await eventually(async () => (await history(h.app, s)).find((m) => m.text.startsWith('We are sorry')));
    expect(told.text).toBe(
      'We are sorry: Riverbank clean-up, Sat, Feb 8, 9:00 AM – 12:00 PM, at River path, north end of the Riverside Avenue bridge, has been cancelled by the organisers. Your sign-up for it is cancelled; you do not need to do anything.\nThank you for offering your time. You can find another shift from the menu under "Volunteer".',
    );
    const line = await eventually(() => shiftCancellations(ids.two)[0]);
    expect(line.payload).toMatchObject({ shiftId: ids.two, agencyId: 'parks', signUps: [{ status: 'confirmed' }] });
    expect(line.payload).not.toHaveProperty('reason');
  });

  it('wegov volunteer:cancel cancels from the shell; the app tells the person at its next refresh', async () => {
    const { s, said } = await signUpFor(h.app, ids.three, `cli-volunteer-${tag}-0001`, 'es');
    expect(said[0]).toMatch(/^Quedas apuntado/);
    const env = { REDIS_URL: testRedisUrl(), LOG_LEVEL: 'silent', PATH: process.env.PATH ?? '' };
    const cli = async (args: string[]) => {
      let out = '';
      let err = '';
      const code = await runModuleCommand('volunteer:cancel', args, { write: (t) => void (out += t), err: (l) => void (err += `${l}\n`) }, env);
      return { code, out, err };
    };
    expect(await cli([ids.three, '--reason', 'Storm warning for Sunday.'])).toEqual({ code: 0, out: `cancelled shift ${ids.three}; the people on it are told by the running WeGov\n`, err: '' });
    expect((await cli([ids.three])).code).toBe(1);
    expect(await cli(['no-such-shift'])).toEqual({ code: 1, out: '', err: "unknown shift 'no-such-shift'\n" });
    expect((await cli([])).code).toBe(2);
    // Told in Spanish; the reason was given in English only, the deployment's default language.
    const told = await eventually(async () => (await history(h.app, s)).find((m) => m.text.startsWith('Lo sentimos')), 25_000);
    expect(told.text).toContain('la organización ha cancelado Limpieza de la ribera, sáb, 15 feb, 9:00–12:00');
    expect(told.text).toContain('Su motivo: Storm warning for Sunday.');
    const line = await eventually(() => shiftCancellations(ids.three)[0]);
    expect(line.payload).toMatchObject({ reason: { en: 'Storm warning for Sunday.' } });
  }, 40_000);
});
