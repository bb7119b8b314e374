/**
 * Redis's own CPU time so far (INFO cpu: user + system seconds), read before and after a measured
 * window by the CPU benches (http-cpu.ts, runtime-cpu.ts, and `npm run bench`'s HTTP phase) to give
 * Redis's CPU per turn.
 */
import type { RedisClient } from '../src/state/redis-connection';

export async function redisCpuSeconds(redis: Pick<RedisClient, 'info'>): Promise<number> {
  const info = String(await redis.info('cpu'));
  const field = (name: string): number => Number(new RegExp(`${name}:([0-9.]+)`).exec(info)?.[1] ?? 0);
  return field('used_cpu_user') + field('used_cpu_sys');
}
