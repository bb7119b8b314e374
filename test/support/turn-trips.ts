/**
 * The Redis round trips a turn made, by operation, counting every connection the app uses
 * (Wiring.redisRoundTrips): the counts since `before`, leaving out the participation modules'
 * background refreshes (volunteering's and adoption's catalogue snapshots, and the nearby copy's
 * check of its counters, on their own timers), which no turn calls.
 */
export function turnTrips(wiring: { redisRoundTrips(): { byOperation: Record<string, number> } }, before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(wiring.redisRoundTrips().byOperation)
      .filter(([operation]) => !/^(volunteering|adopt)\./.test(operation) && operation !== 'reports.nearby.check')
      .map(([operation, n]): [string, number] => [operation, n - (before[operation] ?? 0)])
      .filter(([, n]) => n > 0),
  );
}
