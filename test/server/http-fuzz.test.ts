/**
 * Hostile requests against every HTTP route of the real app (Redis, every adapter on): random
 * methods, paths and ids, query strings, headers, content types and encodings, tokens right and
 * wrong, and bodies that are huge, deeply nested, malformed, compressed or not. Whatever
 * arrives, the answer is never a 5xx (except the documented 503s: store unavailable, busy,
 * streams at capacity), every error body is exactly `{ "error": { "code", "message" } }`, and
 * nothing is logged at error level. fast-check with a fixed seed: the same requests every run.
 */
import type http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import fc from 'fast-check';
import { ADMIN_TOKEN, agencySignature, SLACK_SIGNING_SECRET, startAllRoutes, TELEGRAM_SECRET } from './all-routes';
import { createSession, type ChatSession, type Harness } from './harness';
import { LEVEL, LogLines } from './log-lines';

/** How many requests. */
const RUNS = 5000;
const SEED = 90_009;

/** The documented 503 codes. */
const DOCUMENTED_503 = new Set(['store_unavailable', 'busy', 'streams_at_capacity']);

interface HostileRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
}

interface Answer {
  status: number;
  contentType: string;
  body: string;
}

/**
 * Sends one request over a plain socket (HTTP/1.0, so the server closes after answering and
 * never chunks): nock's interceptor, active in every test file, never sees it. A live event
 * stream is cut as soon as its headers arrive.
 */
function send(port: number, r: HostileRequest): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let done = false;
    const parse = (): Answer | undefined => {
      const all = Buffer.concat(chunks);
      const end = all.indexOf('\r\n\r\n');
      if (end < 0) return undefined;
      const [statusLine = '', ...lines] = all.subarray(0, end).toString('latin1').split('\r\n');
      const header = (name: string): string =>
        lines.find((l) => l.toLowerCase().startsWith(`${name}:`))?.slice(name.length + 1).trim() ?? '';
      return { status: Number(statusLine.split(' ')[1]), contentType: header('content-type'), body: all.subarray(end + 4).toString('utf8') };
    };
    const finish = (error?: Error): void => {
      if (done) return;
      done = true;
      socket.destroy();
      const answer = parse();
      if (answer !== undefined) resolve(answer);
      else reject(error ?? new Error(`no answer to ${r.method} ${r.path.slice(0, 100)}`));
    };
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      if (parse()?.contentType.startsWith('text/event-stream')) finish();
    });
    socket.on('end', () => finish());
    socket.on('close', () => finish());
    // The server may answer (401, 413) and close before a large body is all sent: keep what came.
    socket.on('error', (error) => finish(error));
    const headers = { Host: '127.0.0.1', ...r.headers, ...(r.body !== undefined ? { 'Content-Length': String(r.body.length) } : {}) };
    const head = `${r.method} ${r.path} HTTP/1.0\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
    socket.write(Buffer.from(head, 'latin1'));
    if (r.body !== undefined) socket.write(r.body);
  });
}

/** Percent-encodes the UTF-8 bytes of `s` (a lone surrogate becomes U+FFFD, as a browser sends it). */
const pct = (s: string): string =>
  [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

const hostileText = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom('', ' ', '\u0000', '\uD800', '\u202E\u2066', '..', '%00', '${7*7}', '<script>alert(1)</script>', '__proto__', 'constructor'),
  fc.integer({ min: 100, max: 3000 }).map((n) => '.'.repeat(n)),
);

/** Ids and references: real-looking, random, malformed, percent-encoded, long. */
const idLike = (valid: () => string) =>
  fc.oneof(
    { weight: 5, arbitrary: fc.constant('VALID').map(() => valid()) },
    fc.stringMatching(/^[A-Za-z0-9_-]{22}$/),
    fc.constantFrom('%E0%A4%A', '..%2F..%2Fetc', '%00', '%FF', 'WG-7K3QX9', 'a'.repeat(300), '%7B%7D', '%25'),
    fc.string({ maxLength: 30 }).map(pct),
  );

const messageBody = fc.record(
  {
    text: hostileText,
    choice: fc.oneof(hostileText, fc.constantFrom('report', '_skip', '_submit', 'pothole', 'yes')),
    location: fc.record({ lat: fc.oneof(fc.double(), fc.string()), lon: fc.oneof(fc.double(), fc.constant(null)) }),
    photo: fc.record({ contentType: fc.constantFrom('image/jpeg', 'image/png', 'text/html', ''), data: fc.base64String({ maxLength: 400 }) }),
    command: fc.constantFrom('menu', 'back', 'cancel', 'help', 'language', 'forget', 'reboot'),
    clientMessageId: fc.oneof(fc.stringMatching(/^[a-z0-9]{1,12}$/), hostileText),
    locale: fc.oneof(fc.constantFrom('es', 'ar', 'en-US', 'xx-YYYYYYYYY'), hostileText),
    start: fc.oneof(fc.constantFrom('report', 'report:pothole', 'streets'), hostileText),
    status: fc.constantFrom('open', 'closed', 'in_progress', 'exploded'),
    notes: hostileText,
    reference: fc.constantFrom('WG-7K3QX9', 'nope', ''),
    update_id: fc.oneof(fc.nat(), fc.string()),
  },
  { requiredKeys: [] },
);

/** Exactly one input field, as a real client sends: these reach the engine. */
const oneInput = fc.oneof(
  fc.record({ text: hostileText }),
  fc.record({ choice: fc.constantFrom('report', 'pothole', 'streets', 'small', '_skip', 'yes', 'no', 'contact', 'anonymous', '_submit') }),
  fc.record({ location: fc.record({ lat: fc.double({ min: -90, max: 90, noNaN: true }), lon: fc.double({ min: -180, max: 180, noNaN: true }) }) }),
  fc.record({ command: fc.constantFrom('menu', 'back', 'cancel', 'help', 'language') }),
  fc.record({ photo: fc.record({ contentType: fc.constantFrom('image/jpeg', 'image/png'), data: fc.base64String({ minLength: 4, maxLength: 400 }) }) }),
);

const rawBody: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 16, arbitrary: oneInput.map((b) => Buffer.from(JSON.stringify(b))) },
  { weight: 4, arbitrary: messageBody.map((b) => Buffer.from(JSON.stringify(b))) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => Buffer.from(JSON.stringify(v) ?? 'null')) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 20_000 }).map((n) => Buffer.from('['.repeat(n) + ']'.repeat(n))) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 200_000 }).map((n) => Buffer.from(`{"a":${'['.repeat(n)}`)) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 5000 }).map((n) => Buffer.from(`${'{"a":'.repeat(n)}1${'}'.repeat(n)}`)) },
  { weight: 2, arbitrary: fc.string({ maxLength: 200 }).map((s) => Buffer.from(s)) },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)) },
  // Past the admin (100 kB) and agency (64 kB) limits; the web chat's 8 MB and gzip bombs are in body-errors.test.ts.
  { weight: 1, arbitrary: fc.integer({ min: 10_000, max: 300_000 }).map((n) => Buffer.from(JSON.stringify({ text: 'x'.repeat(n) }))) },
);

/** A body and the Content-Encoding it is sent with: honest, lying, or unknown. */
const encodedBody: fc.Arbitrary<{ body: Buffer | undefined; encoding: string | undefined }> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ body: undefined, encoding: undefined }) },
  { weight: 14, arbitrary: rawBody.map((body) => ({ body, encoding: undefined })) },
  { weight: 1, arbitrary: rawBody.map((body) => ({ body: zlib.gzipSync(body), encoding: 'gzip' })) },
  { weight: 1, arbitrary: rawBody.map((body) => ({ body: zlib.deflateSync(body), encoding: 'deflate' })) },
  {
    weight: 2,
    arbitrary: fc.tuple(rawBody, fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'compress', 'gzip, gzip', 'x-unknown', 'GZIP')).map(([body, encoding]) => ({ body, encoding })),
  },
  { weight: 1, arbitrary: rawBody.map((body) => ({ body: zlib.gzipSync(body).subarray(0, 30), encoding: 'gzip' })) },
);

const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  { weight: 1, arbitrary: fc.constant(undefined) },
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'application/json; charset=latin1',
    'application/json; charset=x-nope',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/*',
    '*/*',
    ';;;',
    'application/json; charset="utf-8"; x=\u00ff',
  ),
);

describe('hostile HTTP requests against every route (Redis)', () => {
  let h: Harness;
  let server: http.Server;
  let port: number;
  let log: LogLines;
  let sessions: ChatSession[];

  beforeAll(async () => {
    log = new LogLines();
    h = await startAllRoutes('redis', { logDestination: log });
    server = h.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    port = (server.address() as AddressInfo).port;
    sessions = [await createSession(h.app), await createSession(h.app, { start: 'report:pothole' })];
  });
  afterAll(async () => {
    h.wiring.streams.closeAll();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await h.close();
  });

  it(`${RUNS} requests: no undocumented 5xx, every error coded, nothing logged at error level`, async () => {
    // Placeholders, replaced once the request's session is chosen.
    const sessionId = () => 'SESSION_ID';
    const path = fc.oneof(
      fc.constant('/webchat/sessions'),
      idLike(sessionId).map((id) => `/webchat/sessions/${id}/messages`),
      idLike(sessionId).map((id) => `/webchat/sessions/${id}/events`),
      idLike(() => 'WG-7K3QX9').map((ref) => `/admin/cases/${ref}/status`),
      fc.constantFrom('/agency/status', '/telegram/webhook', '/slack/events', '/slack/interactivity', '/slack/commands'),
      fc.constantFrom('/', '/healthz', '/readyz', '/widget.js', '/README.md', '/webchat', '/webchat/', '/admin', '/nope', '//', '/%', '/media/x'),
      idLike(() => 'abc').map((id) => `/media/${id}`),
      fc.array(hostileText.map(pct), { maxLength: 5 }).map((parts) => `/${parts.join('/')}`),
    );
    const query = fc.option(
      fc.oneof(
        fc.constant('token=VALID'),
        fc.string({ maxLength: 40 }).map((s) => `token=${pct(s)}`),
        fc.constantFrom('lastEventId=000000000001.000', 'a[b][c]=1', 'token=a&token=b', '%', '&&&=', 'lastEventId=%FF'),
        fc.string({ maxLength: 2000 }).map(pct),
      ),
      { nil: undefined },
    );
    const authorization = fc.option(
      fc.oneof(
        { weight: 12, arbitrary: fc.constant('VALID') },
        fc.constant(`Bearer ${ADMIN_TOKEN}`),
        fc.constantFrom('Bearer ', 'Bearer x', 'Basic abc', 'bearer    ' + 'A'.repeat(43), 'Bearer ' + 'A'.repeat(600), 'Bearer \u00ff'),
        fc.string({ maxLength: 80 }).filter((s) => /^[\x20-\x7e]*$/.test(s)),
      ),
      { nil: undefined },
    );
    const extraHeaders = fc.record(
      {
        'X-Telegram-Bot-Api-Secret-Token': fc.oneof(fc.constant(TELEGRAM_SECRET), fc.constantFrom('wrong', '')),
        'X-Slack-Request-Timestamp': fc.oneof(fc.constant('NOW'), fc.constantFrom('0', '-1', 'abc', '99999999999')),
        'X-Slack-Signature': fc.constantFrom('v0=00', 'v0=', 'nonsense', `v0=${'a'.repeat(64)}`, SLACK_SIGNING_SECRET),
        'X-WeGov-Timestamp': fc.constantFrom('0', 'abc', String(Math.floor(Date.now() / 1000))),
        'X-WeGov-Signature': fc.constantFrom('v1=00', 'v1=', 'garbage'),
        'X-Forwarded-For': fc.constantFrom('1.2.3.4', 'not-an-ip', '::1, 10.0.0.1', ''),
        'Accept-Language': fc.oneof(fc.constantFrom('es', 'ar;q=0.9,en;q=0.1', '*', 'zz-ZZ'), fc.string({ maxLength: 50 }).filter((s) => /^[\x20-\x7e]*$/.test(s))),
        'Last-Event-ID': fc.constantFrom('000000000001.000', 'x', '999999999999.999'),
        Origin: fc.constantFrom('https://city.example', 'null', 'http://evil.example'),
        'Transfer-Encoding': fc.constant('identity'),
      },
      { requiredKeys: [] },
    );
    const arbitraryRequest: fc.Arbitrary<HostileRequest> = fc
      .record({
        target: fc.oneof(
          // Mostly the method each route takes, so requests get past routing to the checks behind it.
          { weight: 3, arbitrary: fc.record({ method: fc.constant('POST'), path: fc.constant('/webchat/sessions') }) },
          { weight: 6, arbitrary: fc.record({ method: fc.constant('POST'), path: idLike(sessionId).map((id) => `/webchat/sessions/${id}/messages`) }) },
          { weight: 2, arbitrary: fc.record({ method: fc.constant('GET'), path: idLike(sessionId).map((id) => `/webchat/sessions/${id}/messages`) }) },
          { weight: 2, arbitrary: fc.record({ method: fc.constant('GET'), path: idLike(sessionId).map((id) => `/webchat/sessions/${id}/events`) }) },
          { weight: 2, arbitrary: fc.record({ method: fc.constant('POST'), path: idLike(() => 'WG-7K3QX9').map((ref) => `/admin/cases/${ref}/status`) }) },
          { weight: 4, arbitrary: fc.record({ method: fc.constant('POST'), path: fc.constantFrom('/agency/status', '/telegram/webhook', '/slack/events', '/slack/interactivity', '/slack/commands') }) },
          { weight: 4, arbitrary: fc.record({ method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'), path }) },
        ),
        query,
        authorization,
        contentType,
        encoded: encodedBody,
        extra: extraHeaders,
        signAgency: fc.boolean(),
        who: fc.nat(sessions.length - 1),
      })
      .map(({ target: { method, path: rawPath }, query: q, authorization: auth, contentType: ct, encoded, extra, signAgency, who }) => {
        const s = sessions[who] as ChatSession;
        const p = rawPath.replace('SESSION_ID', s.sessionId);
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(extra)) {
          if (k === 'Transfer-Encoding') continue; // Content-Length is always set: both at once is a request smuggling shape Node refuses itself
          headers[k] = v === 'NOW' ? String(Math.floor(Date.now() / 1000)) : v;
        }
        if (auth !== undefined) headers.Authorization = auth === 'VALID' ? `Bearer ${s.token}` : auth;
        if (ct !== undefined) headers['Content-Type'] = ct;
        if (encoded.encoding !== undefined) headers['Content-Encoding'] = encoded.encoding;
        if (signAgency && encoded.body !== undefined) Object.assign(headers, agencySignature(encoded.body));
        const search = q === undefined ? '' : `?${q.replace('token=VALID', `token=${encodeURIComponent(s.token)}`)}`;
        const body = method === 'GET' || method === 'HEAD' ? undefined : encoded.body;
        // How fast-check prints a failing request: bodies can be megabytes.
        const shown = (): string =>
          JSON.stringify({ method, path: `${p}${search}`.slice(0, 300), headers, body: body === undefined ? null : `${body.length} bytes: ${body.subarray(0, 200).toString('latin1')}` });
        return { method, path: `${p}${search}`, headers, body, [fc.toStringMethod]: shown };
      });

    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(arbitraryRequest, async (r) => {
        const answer = await send(port, r);
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        const where = `${r.method} ${r.path.slice(0, 120)} -> ${answer.status} ${answer.body.slice(0, 200)}`;
        if (answer.status >= 500) {
          const code = /"code":"([a-z_]+)"/.exec(answer.body)?.[1];
          if (answer.status !== 503 || code === undefined || !DOCUMENTED_503.has(code)) throw new Error(`undocumented ${where}`);
        }
        if (answer.status >= 400 && r.method !== 'HEAD') {
          if (!answer.contentType.startsWith('application/json')) throw new Error(`error answer is not JSON: ${where}`);
          const body = JSON.parse(answer.body) as Record<string, unknown>;
          const error = body.error as Record<string, unknown> | undefined;
          const shaped =
            Object.keys(body).length === 1 &&
            error !== undefined &&
            Object.keys(error).sort().join(',') === 'code,message' &&
            typeof error.code === 'string' &&
            /^[a-z_]+$/.test(error.code) &&
            typeof error.message === 'string';
          if (!shaped) throw new Error(`error body is not { error: { code, message } }: ${where}`);
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    if (process.env.FUZZ_STATS) console.log(JSON.stringify([...statuses.entries()].sort()));
    expect(log.atLeast(LEVEL.error).map((l) => l.msg)).toEqual([]);
    // The run reached past the front doors: successes and refusals of many kinds.
    expect([...statuses.keys()].filter((s) => s < 300).length).toBeGreaterThan(0);
    expect([...statuses.keys()].filter((s) => s >= 400).length).toBeGreaterThan(4);
  }, 300_000); // 5,000 requests took 117 s on 2 cores under a load average of 20
});
