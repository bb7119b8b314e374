/**
 * Nominatim (a third-party API: nock): the request its usage policy asks for, the answers as
 * matches, one request a second (on a fake clock that drives bottleneck: the spacing is the
 * limiter's, whatever the machine's load), a queue that refuses rather than waits long, the cache,
 * and every failure as a value (never a throw), logged without what the person typed.
 */
import nock from 'nock';
import { CachingGeocoder, MemoryGeocodeCache } from '../../src/geo/cache';
import { NOMINATIM_POLICY_MS, NominatimGeocoder, QUEUE_MAX } from '../../src/geo/nominatim';
import type { Logger } from '../../src/log';
import { RIVERSIDE_BOX, runFakeClockUntil } from './support';

const BASE = 'https://nominatim.example';
const oakAve = [
  { lat: '30.3100', lon: '-97.7697', name: '', display_name: '12, Oak Avenue, North End, Riverside, TX, USA', place_rank: 30, address: { house_number: '12', road: 'Oak Avenue', city: 'Riverside' } },
];

function logger(): { logger: Logger; lines: unknown[] } {
  const lines: unknown[] = [];
  const log = { warn: (obj: unknown, msg: string) => lines.push({ obj, msg }) } as unknown as Logger;
  return { logger: log, lines };
}

function geocoder(opts: { timeoutMs?: number; logger?: Logger } = {}): NominatimGeocoder {
  return new NominatimGeocoder({ url: BASE, email: 'ops@riverside.example', countryCodes: ['us'], box: RIVERSIDE_BOX, timeoutMs: opts.timeoutMs ?? 5000, version: '0.1.0', ...(opts.logger ? { logger: opts.logger } : {}) });
}

afterEach(() => {
  nock.cleanAll();
  jest.useRealTimers();
});

describe('Nominatim', () => {
  it('asks as the usage policy wants: jsonv2, the city box (bounded), country, five results, language, an identifying User-Agent with a contact', async () => {
    let seen: { query: Record<string, string>; agent: string | string[] | undefined } | undefined;
    nock(BASE)
      .get('/search')
      .query((q) => {
        seen = { query: q as Record<string, string>, agent: undefined };
        return true;
      })
      .reply(function reply() {
        if (seen) seen.agent = this.req.headers['user-agent'];
        return [200, oakAve];
      });
    const geo = geocoder();
    await expect(geo.geocode({ query: '12 Oak Ave', locale: 'es' })).resolves.toEqual({
      kind: 'found',
      matches: [{ lat: 30.31, lon: -97.7697, name: 'Oak Avenue', number: '12', exact: true }],
    });
    expect(seen?.query).toEqual({
      format: 'jsonv2',
      q: '12 Oak Ave',
      countrycodes: 'us',
      viewbox: '-97.8,30.35,-97.65,30.2',
      bounded: '1',
      limit: '5',
      addressdetails: '1',
      'accept-language': 'es',
      email: 'ops@riverside.example',
    });
    expect(seen?.agent).toBe('WeGov/0.1.0 (civic issue reporting; +mailto:ops@riverside.example)');
    await geo.close();
  });

  it('a road or several places are matches to confirm; nothing found is none', async () => {
    nock(BASE)
      .get('/search')
      .query(true)
      .reply(200, [
        { lat: '30.2652', lon: '-97.745', name: 'Oak Street', display_name: 'Oak Street, Riverside', place_rank: 26, address: { road: 'Oak Street' } },
        { lat: '30.31', lon: '-97.74', name: 'Oak Avenue', display_name: 'Oak Avenue, Riverside', place_rank: 26, address: { road: 'Oak Avenue' } },
      ])
      .get('/search')
      .query(true)
      .reply(200, []);
    const geo = geocoder();
    const found = await geo.geocode({ query: 'Oak', locale: 'en' });
    expect(found.kind === 'found' && found.matches.map((m) => [m.name, m.exact])).toEqual([['Oak Street', false], ['Oak Avenue', false]]);
    await expect(geo.geocode({ query: 'It has been out for a week', locale: 'en' })).resolves.toEqual({ kind: 'none' });
    await geo.close();
  });

  it('sends one request a second, one at a time (fake clock)', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const t0 = Date.now();
    const requests: number[] = [];
    nock(BASE)
      .get('/search')
      .query(true)
      .times(3)
      .reply(200, () => {
        requests.push(Date.now() - t0);
        return oakAve;
      });
    const geo = geocoder();
    const starts: number[] = [];
    let concurrent = 0;
    geo.limiter.on('executing', () => {
      starts.push(Date.now() - t0);
      concurrent = Math.max(concurrent, geo.limiter.counts().EXECUTING ?? 0);
    });
    let settled = 0;
    const lookups = ['12 Oak Ave', '14 Oak Ave', '16 Oak Ave'].map((query) => geo.geocode({ query, locale: 'en' }).finally(() => settled++));
    // At once: one is sent, the other two wait their turn.
    await runFakeClockUntil(() => starts.length > 0);
    const waiting = geo.limiter.counts();
    expect((waiting.QUEUED ?? 0) + (waiting.RUNNING ?? 0)).toBe(2);
    expect(requests.length).toBeLessThanOrEqual(1);
    await runFakeClockUntil(() => settled === 3);
    expect((await Promise.all(lookups)).every((o) => o.kind === 'found')).toBe(true);
    expect(requests).toHaveLength(3);
    expect(concurrent).toBe(1);
    const gaps = starts.slice(1).map((s, i) => s - (starts[i] as number));
    expect(gaps).toHaveLength(2);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(NOMINATIM_POLICY_MS);
    await geo.close();
  });

  it('refuses at once (busy) rather than keep a person waiting behind a long queue', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    let requests = 0;
    nock(BASE)
      .get('/search')
      .query(true)
      .times(20)
      .reply(200, () => {
        requests++;
        return oakAve;
      });
    const { logger: log, lines } = logger();
    const geo = geocoder({ logger: log });
    let settled = 0;
    const lookups = Array.from({ length: QUEUE_MAX + 4 }, (_, i) => geo.geocode({ query: `${String(i + 1)} Oak Ave`, locale: 'en' }).finally(() => settled++));
    await runFakeClockUntil(() => settled === lookups.length);
    const outcomes = await Promise.all(lookups);
    const busy = outcomes.filter((o) => o.kind === 'unavailable' && o.code === 'busy').length;
    expect(busy).toBeGreaterThan(0);
    expect(requests).toBe(lookups.length - busy);
    expect(requests).toBeLessThanOrEqual(QUEUE_MAX + 2);
    expect(JSON.stringify(lines)).not.toContain('Oak');
    await geo.close();
  });

  it('a cached answer costs no request; identical lookups at once share one', async () => {
    let requests = 0;
    nock(BASE)
      .get('/search')
      .query(true)
      .times(5)
      .reply(200, () => {
        requests++;
        return oakAve;
      });
    const answers: boolean[] = [];
    const geo = new CachingGeocoder(geocoder(), new MemoryGeocodeCache(), 3600, (fromCache) => answers.push(fromCache));
    const [a, b] = await Promise.all([geo.geocode({ query: '12 Oak Ave', locale: 'en' }), geo.geocode({ query: '12 Oak Ave', locale: 'en' })]);
    expect(a).toEqual(b);
    // The same words typed otherwise (case, accents, spaces) are the same lookup.
    await expect(geo.geocode({ query: ' 12  OAK ave ', locale: 'en' })).resolves.toEqual(a);
    expect(requests).toBe(1);
    expect(answers).toEqual([false, true]);
    // Another language is another answer (names differ).
    await geo.geocode({ query: '12 Oak Ave', locale: 'es' });
    expect(requests).toBe(2);
    await geo.close();
  });

  it('turns every failure into a value, and never caches it', async () => {
    nock(BASE)
      .get('/search')
      .query(true)
      .reply(500, 'oops')
      .get('/search')
      .query(true)
      .reply(429, 'slow down')
      .get('/search')
      .query(true)
      .reply(200, '<html>not json</html>')
      .get('/search')
      .query(true)
      .reply(200, { unexpected: true })
      .get('/search')
      .query(true)
      .replyWithError('socket hang up')
      .get('/search')
      .query(true)
      .delay(10_000)
      .reply(200, oakAve)
      .get('/search')
      .query(true)
      .reply(200, oakAve);
    const { logger: log, lines } = logger();
    // A timeout far from the other answers' times: at 100 ms a busy CI worker once saw the hang-up as a timeout.
    const geo = new CachingGeocoder(geocoder({ timeoutMs: 1_000, logger: log }), new MemoryGeocodeCache(), 3600);
    const ask = () => geo.geocode({ query: '12 Oak Ave', locale: 'en' });
    const codes = [];
    for (let i = 0; i < 6; i++) {
      const o = await ask();
      codes.push(o.kind === 'unavailable' ? o.code : o.kind);
    }
    expect(codes).toEqual(['http_error', 'rate_limited', 'bad_response', 'bad_response', 'network', 'timeout']);
    // Nothing was cached: the next lookup asks again, and is answered.
    await expect(ask()).resolves.toMatchObject({ kind: 'found' });
    expect(lines).toHaveLength(6);
    expect(lines[0]).toEqual({ obj: { provider: 'nominatim', code: 'http_error', status: 500 }, msg: 'geocoder unavailable' });
    expect(JSON.stringify(lines)).not.toMatch(/Oak|12/);
    await geo.close();
  });
});
