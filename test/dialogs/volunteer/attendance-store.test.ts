/**
 * Attendance (issue 13, "On the day"): one contract for the memory and Redis stores (the first
 * mark stands, a second is "already" with the first time; staff can unmark; a person's marks are
 * read per shift), and the rules the check-in uses: open from 30 minutes before the start to the
 * end, a shift counts its full length, distances are great-circle metres.
 */
import { randomUUID } from 'node:crypto';
import { RedisAttendanceStore } from '../../../dialogs/volunteer/attendance/redis-store';
import { MemoryAttendanceStore, type AttendanceStore } from '../../../dialogs/volunteer/attendance/store';
import { checkInOpen, haversineMeters, shiftHours } from '../../../dialogs/volunteer/attendance/hours';
import { RedisCalls, RoundTripCounter } from '../../../src/state/redis-calls';
import { createRedisClient } from '../../../src/state/redis-connection';
import { testRedisUrl } from '../../setup/redis';

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
  });
}

contract('memory', () => ({ store: new MemoryAttendanceStore(), close: async () => undefined }));
contract('redis', () => {
  const client = createRedisClient(testRedisUrl());
  return { store: new RedisAttendanceStore(new RedisCalls(client, new RoundTripCounter(), 2000)), close: async () => void (await client.quit()) };
});

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
