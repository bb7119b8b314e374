/**
 * WeGov's Prometheus metrics (prom-client: the standard Node client), shared by the runtime, the
 * outbox and the status poller. It lives at the root of src/ because every layer counts
 * something and none of them owns the registry.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** How one turn ended, as a metric label. */
export type TurnOutcome = 'ok' | 'duplicate' | 'not_found' | 'unauthorized' | 'busy' | 'store_unavailable' | 'error' | 'rate_limited' | 'blocked' | 'closed';

/** WeGov's Prometheus metrics, on their own registry (never the global one). */
export interface Metrics {
  registry: Registry;
  turns: Counter<'channel' | 'outcome'>;
  turnDuration: Histogram<'channel'>;
  storeConflicts: Counter;
  submissions: Counter;
  submissionFailures: Counter<'sink'>;
  submissionsPending: Gauge;
  /** Outbox delivery attempts by sink key and outcome (delivered, retry, dead_letter). */
  deliveries: Counter<'sink' | 'outcome'>;
  deadLettersTotal: Counter<'sink'>;
  /** Size of the dead-letter set, as of the last outbox sweep. */
  deadLetters: Gauge;
  /** Agency status polls by sink key and outcome (ok, error). */
  statusPolls: Counter<'sink' | 'outcome'>;
  /** Agency status changes turned into updates for the person, by source (open311, push, admin). */
  statusChanges: Counter<'source'>;
  /** Typed addresses looked up, by geocoder and outcome (found, none, unavailable) and whether the cache answered. */
  geocodes: Counter<'provider' | 'outcome' | 'cache'>;
}

/** Creates a fresh registry with WeGov's metrics (and Node's defaults when `defaults` is true). */
export function createMetrics(opts: { defaults?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (opts.defaults) collectDefaultMetrics({ register: registry });
  return {
    registry,
    turns: new Counter({
      name: 'wegov_turns_total',
      help: 'Turns handled, by channel and outcome.',
      labelNames: ['channel', 'outcome'],
      registers: [registry],
    }),
    turnDuration: new Histogram({
      name: 'wegov_turn_duration_seconds',
      help: 'Time to handle one turn (load, step, commit), in seconds.',
      labelNames: ['channel'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    storeConflicts: new Counter({
      name: 'wegov_store_conflicts_total',
      help: 'Commits that lost a compare-and-set race and were retried.',
      registers: [registry],
    }),
    submissions: new Counter({
      name: 'wegov_submissions_total',
      help: 'Submissions committed (reports).',
      registers: [registry],
    }),
    submissionFailures: new Counter({
      name: 'wegov_submission_delivery_failures_total',
      help: 'Failed attempts to deliver a submission to a sink (retried later).',
      labelNames: ['sink'],
      registers: [registry],
    }),
    submissionsPending: new Gauge({
      name: 'wegov_submissions_pending',
      help: 'Submissions committed but not yet handed to the delivery queue, as of the last outbox sweep.',
      registers: [registry],
    }),
    deliveries: new Counter({
      name: 'wegov_deliveries_total',
      help: 'Delivery attempts to agency sinks, by sink key and outcome (delivered, retry, dead_letter).',
      labelNames: ['sink', 'outcome'],
      registers: [registry],
    }),
    deadLettersTotal: new Counter({
      name: 'wegov_dead_letters_total',
      help: 'Deliveries moved to the dead-letter set (permanent error or attempts exhausted).',
      labelNames: ['sink'],
      registers: [registry],
    }),
    deadLetters: new Gauge({
      name: 'wegov_dead_letters',
      help: 'Deliveries in the dead-letter set, as of the last outbox sweep (wegov outbox:list shows them).',
      registers: [registry],
    }),
    statusPolls: new Counter({
      name: 'wegov_status_polls_total',
      help: 'Polls of an agency endpoint for the status of its cases, by sink key and outcome (ok, error).',
      labelNames: ['sink', 'outcome'],
      registers: [registry],
    }),
    statusChanges: new Counter({
      name: 'wegov_status_changes_total',
      help: 'Agency status changes passed on to the person, by source (open311 poll).',
      labelNames: ['source'],
      registers: [registry],
    }),
    geocodes: new Counter({
      name: 'wegov_geocodes_total',
      help: 'Typed addresses looked up, by geocoder, outcome (found, none, unavailable) and cache (hit, miss).',
      labelNames: ['provider', 'outcome', 'cache'],
      registers: [registry],
    }),
  };
}
