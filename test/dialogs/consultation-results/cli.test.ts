/**
 * `wegov consultation:export <id> --format csv|json` and `wegov consultation:rebuild <id>`, as the
 * CLI runs them (src/cli/module-command.ts: config, catalogue and stores from the environment), on
 * Redis. The run's Redis is shared with other files that record responses to the demo
 * consultation, so the checks are about this file's responses and about consistency.
 */
import { parse } from 'csv-parse/sync';
import { countersOf } from '../../../dialogs/consultation/results/counters';
import { RedisConsultationResultsStore } from '../../../dialogs/consultation/results/redis-store';
import { districtOf } from '../../../dialogs/consultation/results/sink';
import { runModuleCommand } from '../../../src/cli/module-command';
import { RedisCalls, RoundTripCounter, waitUntilReady } from '../../../src/state/redis-calls';
import { createRedisClient } from '../../../src/state/redis-connection';
import { testRedisUrl } from '../../setup/redis';
import { catalogWithAllTypes, randomResponse, seeded } from './support';

const { catalog, demo } = catalogWithAllTypes();
const env = { REDIS_URL: testRedisUrl(), LOG_LEVEL: 'silent', PATH: process.env.PATH ?? '' };

async function run(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runModuleCommand(args[0]!, args.slice(1), { write: (t) => void (out += t), err: (l) => void (err += `${l}\n`) }, env);
  return { code, out, err };
}

describe('consultation CLI commands (Redis)', () => {
  const client = createRedisClient(testRedisUrl());
  const store = new RedisConsultationResultsStore(new RedisCalls(client, new RoundTripCounter(), 2000));
  const mine = Array.from({ length: 12 }, (_, n) => randomResponse(demo, catalog, seeded(100 + n), `cli-person-${String(n)}-${String(Date.now())}`, new Date(Date.UTC(2026, 11, 2, 9, n)), n));

  beforeAll(async () => {
    await waitUntilReady(client, 2000, 'test');
    for (const r of mine) await store.record(r, countersOf(demo, r, districtOf(catalog)));
  });
  afterAll(async () => client.quit());

  it('exports every response as CSV (BOM, one row each) and as JSON', async () => {
    const csv = await run(['consultation:export', demo.id, '--format', 'csv']);
    expect(csv.code).toBe(0);
    expect(csv.out.startsWith('\uFEFFresponse_id,participant,submitted_at,channel,language,route,')).toBe(true);
    const rows = parse(csv.out, { bom: true, columns: true }) as Record<string, string>[];
    for (const r of mine) expect(rows.find((x) => x.response_id === r.id)).toMatchObject({ participant: r.participant, language: r.locale, channel: r.channel });

    const json = await run(['consultation:export', demo.id, '--format', 'json']);
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.out) as { consultation: string; responses: { id: string }[] };
    expect(doc.consultation).toBe(demo.id);
    expect(doc.responses.map((r) => r.id)).toEqual(expect.arrayContaining(mine.map((r) => r.id)));
    expect(doc.responses).toHaveLength(rows.length);
  });

  it('rebuilds the counters from the stored responses', async () => {
    const before = await store.counters(demo.id);
    // Damage the counters: a rebuild recomputes them from the responses.
    await client.hset(`wegov:{results:${demo.id}}:counters`, 'n', '999999');
    const res = await run(['consultation:rebuild', demo.id]);
    expect(res.code).toBe(0);
    expect(res.out).toMatch(new RegExp(`^rebuilt ${demo.id}: \\d+ responses in \\d+ ms\\n$`));
    const after = await store.counters(demo.id);
    expect(after.n).toBe(await store.size(demo.id));
    expect(after.n).toBeGreaterThanOrEqual(mine.length);
    // Other files may have recorded meanwhile; what this file recorded is in both.
    expect(Object.keys(after)).toEqual(expect.arrayContaining(Object.keys(countersOf(demo, mine[0]!, districtOf(catalog))).filter((k) => (before[k] ?? 0) > 0)));
  });

  it('refuses an unknown consultation or format with exit code 2, and leaves other commands alone', async () => {
    const unknown = await run(['consultation:export', 'no-such-thing']);
    expect(unknown).toMatchObject({ code: 2, out: '' });
    expect(unknown.err).toContain("unknown consultation 'no-such-thing' (known: riverside-avenue-bike-lane)");
    expect(await run(['consultation:export', demo.id, '--format', 'xml'])).toMatchObject({ code: 2, err: "--format must be csv or json, got 'xml'\n" });
    expect((await run(['nothing:here'])).code).toBeNull();
  });
});
