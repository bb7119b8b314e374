/**
 * ShiftStore on Redis: one HASH, shift id -> the shift as JSON (with its opportunity), under one
 * hash tag. An import is one HSET of every field, so it lands whole or not at all and a reader
 * (HGETALL) never sees half of it. A few hundred shifts a week keep it small.
 */
import type { RedisCalls } from '../../../src/state/redis-calls';
import type { ShiftStore, StoredShift } from './store';

/** The key of the deployment's stored shifts. */
export const SHIFTS_KEY = 'wegov:{volunteering}:shifts';

export class RedisShiftStore implements ShiftStore {
  constructor(
    private readonly calls: RedisCalls,
    private readonly key: string = SHIFTS_KEY,
  ) {}

  async all(): Promise<StoredShift[]> {
    const raw = await this.calls.call('volunteering.shifts', (c) => c.hgetall(this.key));
    return Object.values(raw).map((json) => JSON.parse(json) as StoredShift);
  }

  async upsert(shifts: readonly StoredShift[]): Promise<void> {
    if (shifts.length === 0) return;
    const pairs = shifts.flatMap((s) => [s.id, JSON.stringify(s)]);
    await this.calls.call('volunteering.upsertShifts', (c) => c.hset(this.key, ...pairs));
  }
}
