/**
 * Attendance (issue 13, "On the day"): one contract for the memory and Redis stores (the first
 * mark stands, a second is "already" with the first time; staff can unmark; a person's marks are
 * read per shift, a shift's marks per person (with the staff member who marked them); "delete my data" drops a person's marks, also through the module's own erasure
 * sink), and the rules the check-in uses: open from 30 minutes before the start to the
 * end, a shift counts its full length, distances are great-circle metres.
 */
import { randomUUID } from 'node:crypto';
import { RedisAttendanceStore } from '../../../dialogs/volunteer/attendance/redis-store';
import { MemoryAttendanceStore, type AttendanceStore } from '../../../dialogs/volunteer/attendance/store';
import { checkInOpen, haversineMeters, shiftHours } from '../../../dialogs/volunteer/attendance/hours';
import { AttendanceErasureSink } from '../../../dialogs/volunteer/attendance/erasure-sink';
import type { ModuleHost } from '../../../src/modules/services';
import type { Submission } from '../../../src/state/types';
import { RedisCalls, RoundTripCounter } from '../../../src/state/redis-calls';
import { createRedisClient } from '../../../src/state/redis-connection';
import { testRedisUrl } from '../../setup/redis';
import { testRedisCluster } from '../../setup/redis-cluster';

type Make = () => { store: AttendanceStore; close(): Promise<void> };

function contract(name: string, make: Make): void {
  describe(`attendance store: ${name}`, () => {
    let store: AttendanceStore;
    let close: () => Promise<void>;
    beforeEach(() => {
      ({ store, close } = make());
    });
    afterEach(async () => close());

    test('the first check-in stands; a second is "already" with the first time; staff can unmark', async () => {
      const [a, b] = [`shift-${randomUUID()}`, `shift-${randomUUID()}`];
      expect(await store.mark(a, 'ana', { at: '2026-12-27T15:10:00.000Z', by: 'volunteer' })).toEqual({ attendance: { at: '2026-12-27T15:10:00.000Z', by: 'volunteer' }, already: false });
      expect(await store.mark(a, 'ana', { at: '2026-12-27T15:20:00.000Z', by: 'staff' })).toEqual({ attendance: { at: '2026-12-27T15:10:00.000Z', by: 'volunteer' }, already: true });
      await store.mark(b, 'ana', { at: '2026-12-28T15:00:00.000Z', by: 'staff' });
      expect(await store.ofPerson('ana', [a, b, `shift-${randomUUID()}`])).toEqual({ [a]: { at: '2026-12-27T15:10:00.000Z', by: 'volunteer' }, [b]: { at: '2026-12-28T15:00:00.000Z', by: 'staff' } });
      expect(await store.ofPerson('ben', [a, b])).toEqual({});
      expect(await store.unmark(a, 'ana')).toBe(true);
      expect(await store.unmark(a, 'ana')).toBe(false);
      expect(Object.keys(await store.ofPerson('ana', [a, b]))).toEqual([b]);
      expect(await store.ofPerson('ana', [])).toEqual({});
    });

    test("a shift's marks by person, with who on the staff marked them", async () => {
      const [a, b] = [`shift-${randomUUID()}`, `shift-${randomUUID()}`];
      expect(await store.ofShift(a)).toEqual({});
      await store.mark(a, 'ana', { at: '2026-12-27T15:10:00.000Z', by: 'volunteer' });
      await store.mark(a, 'ben', { at: '2026-12-27T15:30:00.000Z', by: 'staff', staff: 'slack:USTAFF1' });
      await store.mark(b, 'cy', { at: '2026-12-28T15:00:00.000Z', by: 'volunteer' });
      expect(await store.ofShift(a)).toEqual({ ana: { at: '2026-12-27T15:10:00.000Z', by: 'volunteer' }, ben: { at: '2026-12-27T15:30:00.000Z', by: 'staff', staff: 'slack:USTAFF1' } });
      expect(await store.ofPerson('ben', [a])).toEqual({ [a]: { at: '2026-12-27T15:30:00.000Z', by: 'staff', staff: 'slack:USTAFF1' } });
    });

    test('"delete my data" drops every mark of the person on the shifts named, and no one else\'s', async () => {
      const [a, b] = [`shift-${randomUUID()}`, `shift-${randomUUID()}`];
      await store.mark(a, 'gone', { at: '2026-12-27T15:10:00.000Z', by: 'volunteer' });
      await store.mark(b, 'gone', { at: '2026-12-28T15:10:00.000Z', by: 'staff' });
      await store.mark(a, 'kept', { at: '2026-12-27T15:11:00.000Z', by: 'volunteer' });
      expect(await store.forget('gone', [a, b, `shift-${randomUUID()}`])).toBe(2);
      expect(await store.ofPerson('gone', [a, b])).toEqual({});
      expect(Object.keys(await store.ofPerson('kept', [a, b]))).toEqual([a]);
      expect(await store.forget('gone', [a, b])).toBe(0);
      expect(await store.forget('gone', [])).toBe(0);
    });
  });
}

contract('memory', () => ({ store: new MemoryAttendanceStore(), close: async () => undefined }));
const redisContract = (name: string, url: () => string): void =>
  contract(name, () => {
    const client = createRedisClient(url());
    return { store: new RedisAttendanceStore(new RedisCalls(client, new RoundTripCounter(), 2000)), close: async () => void (await client.quit()) };
  });
redisContract('redis', testRedisUrl);
let clusterUrl = '';
beforeAll(async () => {
  clusterUrl = await testRedisCluster();
});
redisContract('redis cluster', () => clusterUrl);

describe('check-in rules', () => {
  const shift = { id: 's', startsAt: '2026-12-27T15:00:00.000Z', endsAt: '2026-12-27T17:30:00.000Z', capacity: 5 };
  test('check-in is open from 30 minutes before the start until the end', () => {
    expect(checkInOpen(shift, Date.parse('2026-12-27T14:29:59Z'))).toBe(false);
    expect(checkInOpen(shift, Date.parse('2026-12-27T14:30:00Z'))).toBe(true);
    expect(checkInOpen(shift, Date.parse('2026-12-27T17:29:59Z'))).toBe(true);
    expect(checkInOpen(shift, Date.parse('2026-12-27T17:30:00Z'))).toBe(false);
  });
  test('a shift counts its full length in hours', () => expect(shiftHours(shift)).toBe(2.5));
  test('distances are great-circle metres (300 m is about 0.0027 degrees of latitude)', () => {
    expect(Math.round(haversineMeters({ lat: 30.2625, lon: -97.748 }, { lat: 30.2652, lon: -97.748 }))).toBe(300);
    expect(Math.round(haversineMeters({ lat: 51.5007, lon: -0.1246 }, { lat: 40.6892, lon: -74.0445 }) / 1000)).toBe(5575);
  });
});

describe('attendance erasure sink', () => {
  test('an erasure request with the volunteering claim drops the person\'s marks on every shift in the catalogue; other scopes are ignored', async () => {
    const store = new MemoryAttendanceStore();
    const shifts = [{ id: 'past' }, { id: 'now' }];
    // The sink reads only the opportunities' shift ids and the logger.
    const host = { catalog: { opportunities: [{ id: 'o', shifts }] }, logger: { info: () => undefined } } as unknown as ModuleHost;
    const sink = new AttendanceErasureSink({ host, store });
    await store.mark('past', 'gone', { at: '2026-11-19T15:00:00.000Z', by: 'volunteer' });
    await store.mark('now', 'gone', { at: '2026-11-26T15:00:00.000Z', by: 'staff' });
    await store.mark('now', 'kept', { at: '2026-11-26T15:00:00.000Z', by: 'volunteer' });
    const erasure = (claims: { scope: string; participant: string }[]): Submission => ({ id: 'erase-1', kind: 'erasure_request', conversationId: 'c', createdAt: '2026-11-30T00:00:00.000Z', payload: { claims } }) as unknown as Submission;
    expect(sink.accepts('erasure_request')).toBe(true);
    expect(sink.accepts('volunteer_attendance')).toBe(false);
    await sink.deliver(erasure([{ scope: 'consultation:x', participant: 'kept' }, { scope: 'volunteer', participant: 'gone' }]));
    expect(await store.ofPerson('gone', ['past', 'now'])).toEqual({});
    expect(Object.keys(await store.ofPerson('kept', ['past', 'now']))).toEqual(['now']);
    await sink.deliver(erasure([{ scope: 'volunteer', participant: 'gone' }]));
    expect(Object.keys(await store.ofPerson('kept', ['past', 'now']))).toEqual(['now']);
  });
});
