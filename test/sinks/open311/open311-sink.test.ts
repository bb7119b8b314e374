import { Open311Client, Open311PermanentError, Open311RetryableError, Open311Sink, type Open311Delivery } from '../../../src/sinks/open311';
import type { Submission } from '../../../src/state/types';
import { FakeOpen311Server } from './fake-open311-server';
import { noMedia, report, submission } from './fixtures';

const API_KEY = 'test-key';
const JURISDICTION = 'city.example';

let server: FakeOpen311Server;
let delivered: { submission: Submission; delivery: Open311Delivery }[];
let sleeps: number[];

function sink(overrides: Partial<ConstructorParameters<typeof Open311Sink>[0]> = {}): Open311Sink {
  return new Open311Sink({
    client: new Open311Client({ endpoint: server.endpoint, jurisdictionId: JURISDICTION, timeoutMs: 1000 }),
    apiKey: API_KEY,
    jurisdictionId: JURISDICTION,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    onDelivered: (s, d) => {
      delivered.push({ submission: s, delivery: d });
    },
    ...overrides,
  });
}

beforeEach(async () => {
  server = await new FakeOpen311Server({ apiKey: API_KEY, jurisdictionId: JURISDICTION }).start();
  delivered = [];
  sleeps = [];
});

afterEach(async () => {
  expect(server.violations).toEqual([]);
  await server.stop();
});

describe('Open311Sink', () => {
  it('is a Sink named open311 that delivers with a service_request_id', async () => {
    const s = sink();
    expect(s.name).toBe('open311');
    await s.deliver(submission(report()), noMedia);
    expect(server.posts).toHaveLength(1);
    expect(delivered).toEqual([
      { submission: expect.objectContaining({ id: 'sub-1' }), delivery: { serviceRequestId: '1000', serviceNotice: 'Will be inspected within 48 hours' } },
    ]);
    expect(server.requests.filter((r) => r.method === 'GET')).toHaveLength(0);
  });

  it('token flow: resolved after two unresolved polls, with a doubling backoff', async () => {
    server.postMode = 'token';
    server.tokenPollsBeforeResolve = 2;
    const result = await sink({ tokenPolls: 5, tokenBackoffMs: 50 }).send(submission(report()), noMedia);
    expect(result).toEqual({ serviceRequestId: '1000', token: 'tok-1000' });
    expect(sleeps).toEqual([50, 100, 200]);
    expect(server.requests.filter((r) => r.path.startsWith('/open311/v2/tokens/'))).toHaveLength(3);
    expect(delivered[0]!.delivery).toEqual({ serviceRequestId: '1000', token: 'tok-1000' });
  });

  it('token flow: still unresolved after the polls, the token is kept as the case handle and nothing throws', async () => {
    server.postMode = 'token';
    server.tokenPollsBeforeResolve = 10;
    const result = await sink({ tokenPolls: 2 }).send(submission(report()), noMedia);
    expect(result).toEqual({ token: 'tok-1000' });
    expect(sleeps).toEqual([500, 1000]);
    expect(server.posts).toHaveLength(1);
  });

  it('token flow: a failing poll does not throw (the case exists; a retry would duplicate it)', async () => {
    server.postMode = 'token';
    // The agency accepted the POST, then its token endpoint fails.
    const client = new Open311Client({ endpoint: server.endpoint, jurisdictionId: JURISDICTION });
    client.resolveToken = async () => {
      throw new Open311RetryableError('unavailable', 'down', { status: 503 });
    };
    const result = await sink({ client, tokenPolls: 2 }).send(submission(report()), noMedia);
    expect(result).toEqual({ token: 'tok-1000' });
  });

  it('an anonymous report sends no email, first_name, last_name or phone', async () => {
    await sink().deliver(submission(report({ contact: null })), noMedia);
    const form = server.posts[0]!;
    for (const key of ['email', 'first_name', 'last_name', 'phone']) expect(form.has(key)).toBe(false);
    expect(form.get('api_key')).toBe(API_KEY);
    expect(form.get('jurisdiction_id')).toBe(JURISDICTION);
  });

  it('a report with contact details and consent sends them', async () => {
    const contact = { name: 'Jo Bloggs', email: 'jo@example.org', phone: '+15125550100', consentToContact: true as const, consentToShare: true as const };
    await sink().deliver(submission(report({ contact })), noMedia);
    const form = server.posts[0]!;
    expect(Object.fromEntries(['email', 'first_name', 'last_name', 'phone'].map((k) => [k, form.get(k)]))).toEqual({
      email: 'jo@example.org',
      first_name: 'Jo',
      last_name: 'Bloggs',
      phone: '+15125550100',
    });
  });

  it('a multivaluelist goes as repeated attribute[code][], an address as address_string, a photo as media_url', async () => {
    const r = report({
      attributes: { HAZ: ['glass', 'oil'], DEPTH: 'deep' },
      location: { address: '12 Main St' },
      media: [{ mediaId: 'm1', contentType: 'image/jpeg', bytes: 10 }],
      description: '<p>Broken <b>glass</b></p>',
    });
    const mediaUrl = jest.fn(() => 'https://wegov.example/media/m1?sig=abc');
    await sink({ mediaUrl }).deliver(submission(r), noMedia);
    const form = server.posts[0]!;
    expect(form.getAll('attribute[HAZ][]')).toEqual(['glass', 'oil']);
    expect(form.get('attribute[DEPTH]')).toBe('deep');
    expect(form.get('address_string')).toBe('12 Main St');
    expect(form.has('lat')).toBe(false);
    expect(form.get('media_url')).toBe('https://wegov.example/media/m1?sig=abc');
    expect(form.get('description')).toBe('Broken glass\n\nRef. WG-7K3QX9');
    expect(mediaUrl).toHaveBeenCalledTimes(1);
  });

  it('400 with an error array: throws a permanent error carrying the agency reason, onDelivered not called', async () => {
    server.nextPost.push((res) => {
      res.status(400).json([{ code: 400, description: 'Location is outside the city' }]);
    });
    const err = await sink()
      .deliver(submission(report()), noMedia)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Open311PermanentError);
    expect(err).toMatchObject({ permanent: true, code: 'rejected', reason: '400: Location is outside the city' });
    expect(delivered).toEqual([]);
  });

  it('503: throws a retryable error', async () => {
    server.nextPost.push((res) => {
      res.status(503).send('Service Unavailable');
    });
    const err = await sink()
      .deliver(submission(report()), noMedia)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Open311RetryableError);
    expect(err).toMatchObject({ permanent: false, code: 'unavailable', status: 503, agencyErrors: [] });
  });

  it('a payload that is not a report: permanent invalid_report, nothing sent', async () => {
    const err = await sink()
      .deliver(submission({ hello: 'world' }), noMedia)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ permanent: true, code: 'invalid_report' });
    expect(server.requests).toHaveLength(0);
  });
});
