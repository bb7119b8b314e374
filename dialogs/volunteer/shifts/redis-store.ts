/**
 * ShiftStore on Redis: one HASH, shift id -> the shift as JSON (with its opportunity), and one
 * SET of cancelled shifts whose people are still to be told, under one hash tag. An import is one
 * MULTI (HSET of every field, SADD of the shifts it cancelled), so it lands whole or not at all
 * and a reader (HGETALL) never sees half of it. A few hundred shifts a week keep it small.
 */
import type { RedisCalls } from '../../../src/state/redis-calls';
import type { ShiftStore, StoredShift } from './store';

/** The key of the deployment's stored shifts. */
export const SHIFTS_KEY = 'wegov:{volunteering}:shifts';

export class RedisShiftStore implements ShiftStore {
  private readonly pendingKey: string;

  constructor(
    private readonly calls: RedisCalls,
    private readonly key: string = SHIFTS_KEY,
  ) {
    this.pendingKey = `${key}:cancelling`;
  }

  async all(): Promise<StoredShift[]> {
    const raw = await this.calls.call('volunteering.shifts', (c) => c.hgetall(this.key));
    return Object.values(raw).map((json) => JSON.parse(json) as StoredShift);
  }

  async upsert(shifts: readonly StoredShift[], opts: { cancelled?: readonly string[] } = {}): Promise<void> {
    if (shifts.length === 0) return;
    const pairs = shifts.flatMap((s) => [s.id, JSON.stringify(s)]);
    const cancelled = opts.cancelled ?? [];
    await this.calls.call('volunteering.upsertShifts', async (c) => {
      const tx = c.multi().hset(this.key, ...pairs);
      if (cancelled.length > 0) tx.sadd(this.pendingKey, ...cancelled);
      const replies = await tx.exec();
      const failed = (replies ?? []).find(([err]) => err);
      if (failed?.[0]) throw failed[0];
    });
  }

  async cancelling(): Promise<string[]> {
    return this.calls.call('volunteering.cancelling', (c) => c.smembers(this.pendingKey));
  }

  async cancellingDone(shiftIds: readonly string[]): Promise<void> {
    if (shiftIds.length === 0) return;
    await this.calls.call('volunteering.cancellingDone', (c) => c.srem(this.pendingKey, ...shiftIds));
  }
}
