import { open311Form, Open311Client, Open311Error, Open311PermanentError, Open311RetryableError } from '../../../src/sinks/open311';
import { FakeOpen311Server } from './fake-open311-server';
import { report } from './fixtures';

const API_KEY = 'test-key';
const JURISDICTION = 'city.example';

let server: FakeOpen311Server;
let client: Open311Client;

beforeEach(async () => {
  server = await new FakeOpen311Server({ apiKey: API_KEY, jurisdictionId: JURISDICTION }).start();
  client = new Open311Client({ endpoint: `${server.endpoint}/`, jurisdictionId: JURISDICTION, timeoutMs: 1000 });
});

afterEach(async () => {
  await server.stop();
});

const form = (): URLSearchParams => open311Form(report(), { apiKey: API_KEY, jurisdictionId: JURISDICTION });

async function failure(promise: Promise<unknown>): Promise<Open311Error> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof Open311Error) return err;
    throw err;
  }
  throw new Error('expected an Open311Error');
}

describe('Open311Client', () => {
  it('submit: POSTs form-encoded to requests.json and returns the numeric id as a string', async () => {
    const result = await client.submit(form());
    expect(result).toEqual({ kind: 'created', serviceRequestId: '1000', serviceNotice: 'Will be inspected within 48 hours' });
    expect(server.requests[0]).toMatchObject({ method: 'POST', path: '/open311/v2/requests.json' });
    expect(server.requests[0]!.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(server.violations).toEqual([]);
  });

  it('submit + resolveToken: a token, then null until the agency resolves it', async () => {
    server.postMode = 'token';
    server.tokenPollsBeforeResolve = 1;
    const result = await client.submit(form());
    expect(result).toEqual({ kind: 'token', token: 'tok-1000' });
    await expect(client.resolveToken('tok-1000')).resolves.toBeNull();
    await expect(client.resolveToken('tok-1000')).resolves.toBe('1000');
    const tokenGets = server.requests.filter((r) => r.path === '/open311/v2/tokens/tok-1000.json');
    expect(tokenGets).toHaveLength(2);
    expect(tokenGets[0]!.query.get('jurisdiction_id')).toBe(JURISDICTION);
    expect(server.violations).toEqual([]);
  });

  it('400 with an error array: permanent, keeps the agency reason', async () => {
    server.nextPost.push((res) => {
      res.status(400).json([{ code: 400, description: 'service_code 001 is not accepted at this location' }]);
    });
    const err = await failure(client.submit(form()));
    expect(err).toBeInstanceOf(Open311PermanentError);
    expect(err).toMatchObject({ code: 'rejected', permanent: true, status: 400 });
    expect(err.agencyErrors).toEqual([{ code: '400', description: 'service_code 001 is not accepted at this location' }]);
    expect(err.reason).toBe('400: service_code 001 is not accepted at this location');
  });

  it('a request breaking the GeoReport rules (wrong api_key) is refused by the fake server: permanent', async () => {
    const err = await failure(client.submit(open311Form(report(), { apiKey: 'wrong', jurisdictionId: JURISDICTION })));
    expect(err).toMatchObject({ code: 'rejected', permanent: true, status: 400 });
    expect(err.agencyErrors[0]!.description).toBe('api_key missing or wrong');
    server.violations.length = 0;
  });

  it('503: retryable', async () => {
    server.nextPost.push((res) => {
      res.status(503).json([{ code: 503, description: 'CRM down' }]);
    });
    const err = await failure(client.submit(form()));
    expect(err).toBeInstanceOf(Open311RetryableError);
    expect(err).toMatchObject({ code: 'unavailable', permanent: false, status: 503 });
    expect(err.agencyErrors).toEqual([{ code: '503', description: 'CRM down' }]);
  });

  it('a response slower than timeoutMs: retryable timeout', async () => {
    const slow = new Open311Client({ endpoint: server.endpoint, timeoutMs: 150 });
    server.nextPost.push((res) => {
      setTimeout(() => {
        if (!res.writableEnded && !res.destroyed) res.json([{ service_request_id: '1' }]);
      }, 3000).unref();
    });
    const started = Date.now();
    const err = await failure(slow.submit(form()));
    expect(err).toMatchObject({ code: 'timeout', permanent: false });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a body that stalls after the headers: retryable timeout too', async () => {
    const slow = new Open311Client({ endpoint: server.endpoint, timeoutMs: 150 });
    server.nextPost.push((res) => {
      res.status(200).type('application/json');
      res.write('[{"service_request_id":');
    });
    const err = await failure(slow.submit(form()));
    expect(err).toMatchObject({ code: 'timeout', permanent: false });
  });

  it('non-JSON 200 body: typed invalid_json error', async () => {
    server.nextPost.push((res) => {
      res.status(200).type('text/html').send('<html><body>Gateway says hi</body></html>');
    });
    const err = await failure(client.submit(form()));
    expect(err).toMatchObject({ code: 'invalid_json', permanent: false, status: 200 });
  });

  it('JSON of the wrong shape: typed invalid_shape error', async () => {
    server.nextPost.push((res) => {
      res.json({ service_request_id: '1' });
    });
    await expect(failure(client.submit(form()))).resolves.toMatchObject({ code: 'invalid_shape' });
    server.nextPost.push((res) => {
      res.json([{ service_notice: 'neither id nor token' }]);
    });
    await expect(failure(client.submit(form()))).resolves.toMatchObject({ code: 'invalid_shape' });
  });

  /** Streams `total` bytes of JSON-ish padding in 64 KiB chunks, honouring back-pressure. */
  function streamHuge(total: number): { written: () => number; cutOff: () => boolean } {
    let written = 0;
    let cutOff = false;
    server.nextPost.push((res) => {
      res.status(200).type('application/json');
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      res.on('close', () => {
        cutOff = !res.writableFinished;
      });
      const pump = (): void => {
        while (written < total && !res.destroyed) {
          written += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        if (!res.destroyed) res.end();
      };
      res.write('[');
      pump();
    });
    return { written: () => written, cutOff: () => cutOff };
  }

  it('a 2 MB chunked body: response_too_large, reading stops near the limit', async () => {
    streamHuge(2 * 1024 * 1024);
    const small = new Open311Client({ endpoint: server.endpoint, maxResponseBytes: 100_000 });
    const err = await failure(small.submit(form()));
    expect(err).toMatchObject({ code: 'response_too_large', permanent: false });
    // Read at most one chunk past the limit, not the 2 MB (loopback socket buffers may still
    // accept the rest from the server; the next test shows the stream is really cancelled).
    const stoppedAfter = Number(/stopped after (\d+)/.exec(err.message)?.[1]);
    expect(stoppedAfter).toBeGreaterThan(100_000);
    expect(stoppedAfter).toBeLessThan(100_000 + 128 * 1024);
  });

  it('an endless body (up to 256 MB) is cut off: the connection closes long before the server finishes', async () => {
    const huge = streamHuge(256 * 1024 * 1024);
    const err = await failure(client.submit(form()));
    expect(err).toMatchObject({ code: 'response_too_large' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(huge.cutOff()).toBe(true);
    expect(huge.written()).toBeLessThan(64 * 1024 * 1024);
  });

  it('a declared Content-Length above the limit is refused before reading', async () => {
    server.nextPost.push((res) => {
      const body = Buffer.alloc(2 * 1024 * 1024, 0x20);
      res.status(200).set('content-type', 'application/json').set('content-length', String(body.length)).end(body);
    });
    const err = await failure(client.submit(form()));
    expect(err).toMatchObject({ code: 'response_too_large' });
    expect(err.message).toContain('declares 2097152 bytes');
  });

  it('an oversized error page keeps its status meaning: 400 permanent, 502 retryable', async () => {
    const big = Buffer.alloc(2 * 1024 * 1024, 0x41);
    server.nextPost.push((res) => {
      res.status(400).type('text/html').send(big);
    });
    await expect(failure(client.submit(form()))).resolves.toMatchObject({ code: 'rejected', permanent: true, status: 400, agencyErrors: [] });
    server.nextPost.push((res) => {
      res.status(502).type('text/html').send(big);
    });
    await expect(failure(client.submit(form()))).resolves.toMatchObject({ code: 'unavailable', permanent: false, status: 502 });
  });

  it('connection refused: retryable network error', async () => {
    const endpoint = server.endpoint;
    await server.stop();
    const err = await failure(new Open311Client({ endpoint }).submit(form()));
    expect(err).toMatchObject({ code: 'network', permanent: false });
    server = await new FakeOpen311Server().start();
  });

  it('a redirect is not followed: permanent unexpected_status', async () => {
    server.nextPost.push((res) => {
      res.redirect(302, 'http://127.0.0.1:1/elsewhere');
    });
    await expect(failure(client.submit(form()))).resolves.toMatchObject({ code: 'unexpected_status', permanent: true, status: 302 });
  });

  it('statuses: batches ids into GET requests.json?service_request_id=a,b,c and parses changes', async () => {
    for (const id of ['1', '2', '3', '4', '5']) server.cases.set(id, { status: 'open', service_code: '001' });
    server.cases.set('3', { status: 'closed', status_notes: 'Repaired on 3 Dec', updated_datetime: '2026-12-03T09:00:00-06:00', service_code: '001' });
    const batched = new Open311Client({ endpoint: server.endpoint, jurisdictionId: JURISDICTION, statusBatchSize: 2 });
    const result = await batched.statuses(['1', '2', '3', '3', '4', '5', '999']);
    const gets = server.requests.filter((r) => r.method === 'GET' && r.path === '/open311/v2/requests.json');
    expect(gets.map((g) => g.query.get('service_request_id'))).toEqual(['1,2', '3,4', '5,999']);
    expect(gets.every((g) => g.query.get('jurisdiction_id') === JURISDICTION)).toBe(true);
    expect(result).toHaveLength(5);
    expect(result.find((r) => r.id === '3')).toEqual({
      id: '3',
      status: 'closed',
      statusNotes: 'Repaired on 3 Dec',
      updatedDatetime: '2026-12-03T09:00:00-06:00',
    });
    expect(result.find((r) => r.id === '1')).toEqual({ id: '1', status: 'open' });
    expect(server.violations).toEqual([]);
  });

  it('statuses: numeric ids and upper-case statuses are normalised; an unknown status is invalid_shape', async () => {
    server.nextStatuses.push((res) => {
      res.json([{ service_request_id: 42, status: 'Closed', status_notes: '' }]);
    });
    await expect(client.statuses(['42'])).resolves.toEqual([{ id: '42', status: 'closed' }]);
    server.nextStatuses.push((res) => {
      res.json([{ service_request_id: 42, status: 'pending' }]);
    });
    await expect(failure(client.statuses(['42']))).resolves.toMatchObject({ code: 'invalid_shape' });
    await expect(client.statuses([])).resolves.toEqual([]);
  });
});
