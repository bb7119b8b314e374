/**
 * The consultation module's services (src/modules/services.ts): the results store (Redis when
 * the process has it, else memory), the results sink fed by the outbox, the public pages and open
 * data (public-routes.ts), the admin API, and the
 * CLI commands `consultation:rebuild <id>` and `consultation:export <id> --format csv|json`, and
 * the results digests staff channels show (digest.ts).
 */
import type { ModuleCommand, ModuleHost, ModuleServices } from '../../../src/modules/services';
import { adminRoutes } from './admin-routes';
import { publicRoutes } from './public-routes';
import { consultationDigests } from './digest';
import { csvChunk } from './export';
import { RedisConsultationResultsStore } from './redis-store';
import { ConsultationResults } from './results';
import { ConsultationResultsSink, RESULTS_SINK_KEY } from './sink';
import { MemoryConsultationResultsStore } from './store';

export function consultationServices(host: ModuleHost): ModuleServices & { results: ConsultationResults } {
  const store = host.stores.redis ? new RedisConsultationResultsStore(host.stores.redis) : new MemoryConsultationResultsStore();
  const results = new ConsultationResults({ store, catalog: host.catalog, now: host.now });
  return {
    results,
    sinks: [{ sinkKey: RESULTS_SINK_KEY, sink: new ConsultationResultsSink({ store, catalog: host.catalog, logger: host.logger }) }],
    adminRouter: adminRoutes(results),
    publicRouter: publicRoutes(results, host),
    commands: commands(results),
    // Stored responses go after the catalogue's consultation_responses_days; the counters stay.
    retention: { name: 'consultationResponses', sweep: () => results.expire(host.catalog.retention.consultationResponsesDays) },
    // Slack's `/wegov results <id>` (src/modules/results-digest.ts).
    digests: consultationDigests(results, host),
  };
}

function commands(results: ConsultationResults): ModuleCommand[] {
  const known = (id: string | undefined, err: (line: string) => void) => {
    const c = id ? results.find(id) : undefined;
    if (!c) err(`unknown consultation '${id ?? ''}' (known: ${results.catalog.consultations.map((x) => x.id).join(', ') || 'none'})`);
    return c;
  };
  return [
    {
      name: 'consultation:rebuild',
      usage: 'consultation:rebuild <id>   recompute a consultation\'s results from its stored responses',
      async run(args, io) {
        const c = known(args[0], io.err);
        if (!c) return 2;
        const { responses, ms } = await results.rebuild(c);
        io.write(`rebuilt ${c.id}: ${String(responses)} responses in ${String(ms)} ms\n`);
        return 0;
      },
    },
    {
      name: 'consultation:export',
      usage: 'consultation:export <id> [--format csv|json]   one row per response (pseudonymous), to stdout',
      async run(args, io) {
        const c = known(args[0], io.err);
        if (!c) return 2;
        const i = args.indexOf('--format');
        const format = i >= 0 ? args[i + 1] : 'csv';
        if (format !== 'csv' && format !== 'json') {
          io.err(`--format must be csv or json, got '${format ?? ''}'`);
          return 2;
        }
        if (format === 'csv') {
          io.write(csvChunk(c, [], true));
          for await (const page of results.responses(c)) io.write(csvChunk(c, page, false));
          return 0;
        }
        // The same document as GET /admin/consultations/:id/responses.json.
        io.write(`{"consultation":${JSON.stringify(c.id)},"responses":[`);
        let first = true;
        for await (const page of results.responses(c)) {
          for (const r of page) {
            io.write(`${first ? '' : ','}\n${JSON.stringify({ ...r, participant: r.participant ?? null })}`);
            first = false;
          }
        }
        io.write('\n]}\n');
        return 0;
      },
    },
  ];
}
