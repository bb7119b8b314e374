import type { Catalog, SinkConfig } from '../../src/catalog/types';
import { ConfigError } from '../../src/config';
import { createLogger } from '../../src/log';
import { FALLBACK_SINK_KEY, SinkRouter } from '../../src/outbox/routing';
import { z } from 'zod';
import { sub } from './support';

const logger = createLogger({ level: 'silent' });

function catalog(sinks: Record<string, SinkConfig[]>): Catalog {
  return {
    agencies: Object.entries(sinks).map(([id, s]) => ({ id, name: { en: id }, sinks: s })),
    categories: [
      { id: 'pothole', agency: 'public-works' },
      { id: 'graffiti', agency: 'parks' },
    ],
  } as unknown as Catalog;
}

describe('SinkRouter', () => {
  it('routes by category -> agency -> sinks, with stable keys per agency and index', () => {
    const r = new SinkRouter({
      catalog: catalog({
        'public-works': [{ type: 'file' }, { type: 'open311', endpoint: 'http://127.0.0.1:1/open311/v2', apiKeyEnv: 'PW_KEY' }],
        parks: [{ type: 'slack', channel: '#x' }, { type: 'webhook', url: 'http://127.0.0.1:1/hook', secretEnv: 'PARKS_SECRET' }],
      }),
      submissionsFile: '/tmp/wegov-routing.jsonl',
      env: { PW_KEY: 'k', PARKS_SECRET: 's' },
      logger,
    });
    const pw = r.routes(sub('a', { categoryId: 'pothole' }));
    expect(pw.map((x) => [x.sinkKey, x.sink.name])).toEqual([
      ['public-works.0', 'jsonl-file'],
      ['public-works.1', 'open311'],
    ]);
    // Slack (issue 6) is skipped; the webhook keeps its index.
    expect(r.routes(sub('b', { categoryId: 'graffiti' })).map((x) => [x.sinkKey, x.sink.name])).toEqual([['parks.1', 'webhook']]);
    // A category removed since: the payload's agency; nothing known: the fallback file.
    expect(r.routes(sub('c', { categoryId: 'gone', agencyId: 'parks' })).map((x) => x.sinkKey)).toEqual(['parks.1']);
    expect(r.routes(sub('d', { categoryId: 'gone' })).map((x) => x.sinkKey)).toEqual([FALLBACK_SINK_KEY]);
    expect(r.sink('public-works.1')?.name).toBe('open311');
    expect(r.sink('nope.0')).toBeUndefined();
  });

  it('routes by kind: a result reaches only the sinks that take its kind; none: the file, named once at start', () => {
    const lines: string[] = [];
    const capture = createLogger({ level: 'warn', destination: { write: (l: string) => void lines.push(l) } });
    const kinds = { petition_signature: { version: 1, schema: z.object({ name: z.string() }), webhookEvent: { type: 'petition.signed' } } };
    const r = new SinkRouter({
      catalog: catalog({
        'public-works': [{ type: 'open311', endpoint: 'http://127.0.0.1:1/open311/v2' }, { type: 'webhook', url: 'http://127.0.0.1:1/hook', secretEnv: 'HOOK' }],
        parks: [{ type: 'open311', endpoint: 'http://127.0.0.1:1/open311/v2' }],
      }),
      submissionsFile: '/tmp/wegov-routing.jsonl',
      env: { HOOK: 's' },
      logger: capture,
      resultKinds: kinds,
    });
    const petition = (agencyId: string) => ({ ...sub('p', { name: 'Ana' }), kind: 'petition_signature', agencyId });
    expect(r.routes(petition('public-works')).map((x) => x.sink.name)).toEqual(['webhook']);
    expect(r.routes(petition('parks')).map((x) => x.sinkKey)).toEqual([FALLBACK_SINK_KEY]);
    // Named once, at start, for the agency whose sinks cannot take it.
    const warnings = lines.map((l) => JSON.parse(l) as { msg: string; agency?: string; kind?: string }).filter((l) => l.kind === 'petition_signature');
    expect(warnings.map((w) => w.agency)).toEqual(['parks']);
    // A report queued before results carried their agency still goes by its category.
    expect(r.routes(sub('old', { categoryId: 'pothole' })).map((x) => x.sink.name)).toEqual(['open311', 'webhook']);
  });

  it('sinks with ids keep their keys when the catalogue reorders them (a queued job reaches the same sink)', () => {
    const make = (sinks: SinkConfig[]) =>
      new SinkRouter({ catalog: catalog({ 'public-works': sinks }), submissionsFile: '/tmp/wegov-routing.jsonl', env: { PW_KEY: 'k', HOOK: 's' }, logger });
    const open311: SinkConfig = { id: 'city-311', type: 'open311', endpoint: 'http://127.0.0.1:1/open311/v2', apiKeyEnv: 'PW_KEY' };
    const hook: SinkConfig = { id: 'ops-hook', type: 'webhook', url: 'http://127.0.0.1:1/hook', secretEnv: 'HOOK' };
    const before = make([open311, hook]);
    const after = make([hook, open311]);
    expect(before.routes(sub('a', { categoryId: 'pothole' })).map((x) => x.sinkKey)).toEqual(['public-works.city-311', 'public-works.ops-hook']);
    expect(after.sink('public-works.city-311')?.name).toBe('open311');
    expect(after.sink('public-works.ops-hook')?.name).toBe('webhook');
  });

  it('a webhook whose secret variable is unset fails at start, naming the variable', () => {
    const build = () =>
      new SinkRouter({
        catalog: catalog({ parks: [{ type: 'webhook', url: 'http://127.0.0.1:1/hook', secretEnv: 'PARKS_WEBHOOK_SECRET' }] }),
        submissionsFile: '/tmp/x.jsonl',
        env: {},
        logger,
      });
    expect(build).toThrow(ConfigError);
    expect(build).toThrow(/PARKS_WEBHOOK_SECRET/);
  });
});
