/**
 * Prometheus metrics of a web process's copy of the nearby index (report-nearby-mirror.ts), read
 * from its counters when scraped: how many searches it answered in memory and how many went to
 * Redis, how often a copy was dropped, and how many entries it holds. A copy that keeps
 * dropping, or searches that keep going to Redis, show here before they show as latency.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { NearbyMirror } from './report-nearby-mirror';

export function registerNearbyCopyMetrics(registry: Registry, mirror: NearbyMirror): void {
  new Counter({
    name: 'wegov_nearby_searches_total',
    help: "Nearby reports' searches, by where they were answered (memory: the process's copy of the index; redis: a call).",
    labelNames: ['answered'],
    registers: [registry],
    collect() {
      this.reset();
      this.inc({ answered: 'memory' }, mirror.stats.hits);
      this.inc({ answered: 'redis' }, mirror.stats.misses);
    },
  });
  new Counter({
    name: 'wegov_nearby_copy_drops_total',
    help: "Copies of a category's nearby index dropped (a change missed, the subscriber connection lost, too many entries) or not loaded.",
    registers: [registry],
    collect() {
      this.reset();
      this.inc(mirror.stats.drops);
    },
  });
  new Gauge({
    name: 'wegov_nearby_copy_entries',
    help: "Open reports held in this process's copy of the nearby index, all categories.",
    registers: [registry],
    collect() {
      this.set(mirror.size);
    },
  });
}
