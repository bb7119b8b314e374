/**
 * AttendanceStore on Redis: per shift a HASH `wegov:{shift:<id>}:attended`, person -> JSON
 * mark, in the shift's own slot (beside its sign-ups). HSETNX makes a check-in idempotent
 * (the first mark stands) in one round trip; reading a shift's marks is one HGETALL; reading or
 * forgetting a person's marks is one pipelined round trip (one command per shift; on a Redis
 * Cluster one pipeline per shift, all sent at once: crossSlotBatch).
 */
import type { ChainableCommander } from 'ioredis';
import { crossSlotBatch } from '../../../src/state/redis-batch';
import type { RedisCalls } from '../../../src/state/redis-calls';
import { keyPart } from '../../../src/state/redis-keys';
import { parseAttendance, type Attendance, type AttendanceStore } from './store';

const key = (shiftId: string): string => `wegov:{shift:${keyPart(shiftId)}}:attended`;

export class RedisAttendanceStore implements AttendanceStore {
  constructor(private readonly redis: RedisCalls) {}

  async mark(shiftId: string, person: string, attendance: Attendance): Promise<{ attendance: Attendance; already: boolean }> {
    const [set, held] = await this.redis.call('attendance mark', async (c) => {
      const out = await c.multi().hsetnx(key(shiftId), person, JSON.stringify(attendance)).hget(key(shiftId), person).exec();
      return [out?.[0]?.[1], out?.[1]?.[1]] as const;
    });
    if (set === 1) return { attendance, already: false };
    return { attendance: parseAttendance(typeof held === 'string' ? held : null) ?? attendance, already: true };
  }

  async unmark(shiftId: string, person: string): Promise<boolean> {
    return (await this.redis.call('attendance unmark', (c) => c.hdel(key(shiftId), person))) > 0;
  }

  async ofShift(shiftId: string): Promise<Record<string, Attendance>> {
    const raw = await this.redis.call('attendance of shift', (c) => c.hgetall(key(shiftId)));
    const out: Record<string, Attendance> = {};
    for (const [person, json] of Object.entries(raw)) {
      const held = parseAttendance(json);
      if (held) out[person] = held;
    }
    return out;
  }

  async ofPerson(person: string, shiftIds: readonly string[]): Promise<Record<string, Attendance>> {
    if (shiftIds.length === 0) return {};
    const raw = await this.redis.call('attendance of person', (c) => crossSlotBatch(c, shiftIds.map((id) => (p: ChainableCommander) => p.hget(key(id), person))));
    const out: Record<string, Attendance> = {};
    shiftIds.forEach((id, i) => {
      const v = raw[i]?.[1];
      const held = parseAttendance(typeof v === 'string' ? v : null);
      if (held) out[id] = held;
    });
    return out;
  }

  async forget(person: string, shiftIds: readonly string[]): Promise<number> {
    if (shiftIds.length === 0) return 0;
    const out = await this.redis.call('attendance forget', (c) => crossSlotBatch(c, shiftIds.map((id) => (p: ChainableCommander) => p.hdel(key(id), person))));
    return out.filter(([, n]) => n === 1).length;
  }
}
