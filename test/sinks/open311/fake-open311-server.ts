/**
 * A local fake Open311 GeoReport v2 endpoint for tests: a real express app on 127.0.0.1:0
 * that validates every request against the GeoReport v2 rules WeGov relies on and records it.
 * A request that breaks a rule is answered 400 with a GeoReport error array and its problems
 * are kept in `violations` (tests assert it stays empty).
 *
 * Behaviour is scripted per test: `postMode`, `tokenPollsBeforeResolve`, `nextPost` (one-off
 * raw answers such as 503, slow or huge bodies), and `cases` for `GET requests.json`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  contentType?: string;
  /** Parsed body of a POST (raw form, repeated keys kept). */
  form?: URLSearchParams;
  rawBody?: string;
}

export interface FakeCase {
  status: 'open' | 'closed';
  status_notes?: string | null;
  updated_datetime?: string;
  service_code: string;
  description?: string;
  requested_datetime?: string;
}

export interface FakeOpen311Options {
  apiKey?: string;
  jurisdictionId?: string;
}

const SINGLE_FIELDS = new Set([
  'api_key',
  'jurisdiction_id',
  'service_code',
  'lat',
  'long',
  'address_string',
  'address_id',
  'email',
  'device_id',
  'account_id',
  'first_name',
  'last_name',
  'phone',
  'description',
  'media_url',
]);
const ATTRIBUTE = /^attribute\[([^[\]]+)\](\[\])?$/;
const HTML = /<\/?[A-Za-z!?][^<>]*>|&(?:[a-z]+|#\d+|#x[0-9a-f]+);/i;

/** GeoReport v2 POST rules; returns the problems found (empty = valid). */
export function validatePostForm(form: URLSearchParams, opts: FakeOpen311Options): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const attrKinds = new Map<string, 'single' | 'list'>();
  for (const [key, value] of form) {
    seen.set(key, (seen.get(key) ?? 0) + 1);
    if (value === '') problems.push(`${key} is empty`);
    const attr = ATTRIBUTE.exec(key);
    if (attr) {
      const kind = attr[2] ? 'list' : 'single';
      const before = attrKinds.get(attr[1]!);
      if (before && before !== kind) problems.push(`attribute ${attr[1]} sent both as value and as list`);
      attrKinds.set(attr[1]!, kind);
      continue;
    }
    if (key.startsWith('attribute')) problems.push(`malformed attribute key ${key}`);
    else if (!SINGLE_FIELDS.has(key)) problems.push(`unknown field ${key}`);
  }
  for (const [key, n] of seen) {
    if (n > 1 && !key.endsWith('[]')) problems.push(`${key} sent ${n} times`);
  }
  if (opts.apiKey !== undefined && form.get('api_key') !== opts.apiKey) problems.push('api_key missing or wrong');
  if (opts.jurisdictionId !== undefined && form.get('jurisdiction_id') !== opts.jurisdictionId) {
    problems.push('jurisdiction_id missing or wrong');
  }
  if (opts.jurisdictionId === undefined && form.has('jurisdiction_id')) problems.push('unexpected jurisdiction_id');
  if (!form.get('service_code')) problems.push('service_code required');

  const hasLat = form.has('lat');
  const hasLong = form.has('long');
  const hasAddress = form.has('address_string');
  if (hasLat !== hasLong) problems.push('lat and long must be sent together');
  if (hasLat && hasAddress) problems.push('send lat/long or address_string, not both');
  if (!hasLat && !hasAddress) problems.push('a location (lat/long or address_string) is required');
  if (hasLat) {
    const lat = Number(form.get('lat'));
    const lon = Number(form.get('long'));
    if (!Number.isFinite(lat) || lat < -90 || lat > 90) problems.push('lat invalid');
    if (!Number.isFinite(lon) || lon < -180 || lon > 180) problems.push('long invalid');
  }
  const description = form.get('description');
  if (description !== null) {
    if (description.length > 4000) problems.push(`description has ${description.length} characters (max 4000)`);
    if (HTML.test(description)) problems.push('description contains HTML');
  }
  const media = form.get('media_url');
  if (media !== null && !/^https?:\/\//.test(media)) problems.push('media_url is not an http(s) URL');
  const email = form.get('email');
  if (email !== null && !/^[^\s@]+@[^\s@]+$/.test(email)) problems.push('email invalid');
  if ((form.has('first_name') || form.has('last_name')) && !form.has('email') && !form.has('phone')) {
    problems.push('a name without any contact channel');
  }
  return problems;
}

export type PostMode = 'id' | 'token';

export class FakeOpen311Server {
  readonly requests: RecordedRequest[] = [];
  readonly violations: string[] = [];
  readonly cases = new Map<string, FakeCase>();
  postMode: PostMode = 'id';
  /** `GET tokens/{token}.json` answers without an id this many times, then with it. */
  tokenPollsBeforeResolve = 0;
  /** Raw one-off handlers for the next POSTs (first in, first used). */
  readonly nextPost: ((res: Response, form: URLSearchParams) => void)[] = [];
  /** Raw one-off handlers for the next `GET requests.json`. */
  readonly nextStatuses: ((res: Response) => void)[] = [];
  /** False: the endpoint answers a search (no service_request_id) with 400, as some do. */
  searchSupported = true;
  /** Searches answered. */
  searches = 0;
  private nextId = 1000;
  private readonly tokens = new Map<string, { id: string; polls: number }>();
  private server?: http.Server;

  constructor(private readonly opts: FakeOpen311Options = {}) {}

  get endpoint(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('fake Open311 server not started');
    return `http://127.0.0.1:${address.port}/open311/v2`;
  }

  /** POST bodies received, in order. */
  get posts(): URLSearchParams[] {
    return this.requests.filter((r) => r.method === 'POST').map((r) => r.form!);
  }

  async start(): Promise<this> {
    const app = express();
    app.use(express.text({ type: () => true, limit: '1mb' }));
    app.use((req, _res, next) => {
      const url = new URL(req.originalUrl, 'http://x');
      this.requests.push({
        method: req.method,
        path: url.pathname,
        query: url.searchParams,
        contentType: req.headers['content-type'],
        ...(req.method === 'POST' ? { form: new URLSearchParams(typeof req.body === 'string' ? req.body : ''), rawBody: req.body } : {}),
      });
      next();
    });
    app.post('/open311/v2/requests.json', (req, res) => this.onPost(req, res));
    app.get('/open311/v2/tokens/:file', (req, res) => this.onToken(req, res));
    app.get('/open311/v2/requests.json', (req, res) => this.onStatuses(req, res));
    app.use((req, res) => {
      this.violations.push(`unexpected ${req.method} ${req.path}`);
      res.status(404).json([{ code: 404, description: 'not found' }]);
    });
    this.server = http.createServer(app);
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private reject(res: Response, status: number, problems: string[]): void {
    res.status(status).json(problems.map((description) => ({ code: status, description })));
  }

  private checkJurisdictionQuery(req: Request, res: Response): boolean {
    const url = new URL(req.originalUrl, 'http://x');
    if (this.opts.jurisdictionId !== undefined && url.searchParams.get('jurisdiction_id') !== this.opts.jurisdictionId) {
      this.violations.push(`${req.path}: jurisdiction_id missing or wrong`);
      this.reject(res, 400, ['jurisdiction_id was not provided']);
      return false;
    }
    return true;
  }

  private onPost(req: Request, res: Response): void {
    const problems: string[] = [];
    if (!String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      problems.push(`content-type ${String(req.headers['content-type'])} is not form-encoded`);
    }
    const form = new URLSearchParams(typeof req.body === 'string' ? req.body : '');
    problems.push(...validatePostForm(form, this.opts));
    if (problems.length > 0) {
      this.violations.push(...problems);
      this.reject(res, 400, problems);
      return;
    }
    const scripted = this.nextPost.shift();
    if (scripted) {
      scripted(res, form);
      return;
    }
    const id = String(this.nextId++);
    this.createCase(id, form);
    if (this.postMode === 'token') {
      const token = `tok-${id}`;
      this.tokens.set(token, { id, polls: 0 });
      res.json([{ token, service_notice: null }]);
      return;
    }
    // Numeric id, as in the spec's example: the client must turn it into a string.
    res.json([{ service_request_id: Number(id), service_notice: 'Will be inspected within 48 hours', account_id: null }]);
  }

  /** Makes the case a valid POST asks for (also used by scripted answers that lose the reply). */
  createCase(id: string, form: URLSearchParams): void {
    const now = new Date().toISOString();
    this.cases.set(id, {
      status: 'open',
      service_code: form.get('service_code')!,
      updated_datetime: now,
      requested_datetime: now,
      ...(form.get('description') !== null ? { description: form.get('description')! } : {}),
    });
  }

  /** A case id for scripted answers that create the case themselves. */
  allocateId(): string {
    return String(this.nextId++);
  }

  private onToken(req: Request, res: Response): void {
    if (!this.checkJurisdictionQuery(req, res)) return;
    const file = String(req.params.file);
    const token = decodeURIComponent(file.replace(/\.json$/, ''));
    const entry = this.tokens.get(token);
    if (!file.endsWith('.json') || !entry) {
      this.reject(res, 404, [`token ${token} not found`]);
      return;
    }
    entry.polls += 1;
    if (entry.polls <= this.tokenPollsBeforeResolve) {
      res.json([{ token }]);
      return;
    }
    res.json([{ service_request_id: entry.id, token }]);
  }

  private onStatuses(req: Request, res: Response): void {
    if (!this.checkJurisdictionQuery(req, res)) return;
    const scripted = this.nextStatuses.shift();
    if (scripted) {
      scripted(res);
      return;
    }
    const url = new URL(req.originalUrl, 'http://x');
    const ids = (url.searchParams.get('service_request_id') ?? '').split(',').filter(Boolean);
    if (ids.length === 0) {
      this.onSearch(url.searchParams, res);
      return;
    }
    res.json(
      ids
        .filter((id) => this.cases.has(id))
        .map((id) => {
          const c = this.cases.get(id)!;
          return {
            service_request_id: id,
            status: c.status,
            status_notes: c.status_notes ?? null,
            service_code: c.service_code,
            updated_datetime: c.updated_datetime,
          };
        }),
    );
  }

  /**
   * GeoReport v2 query: `service_code`, `start_date`, `end_date` (ISO 8601; the window at most
   * 90 days), `status`. WeGov searches by service and time to find a case an uncertain POST
   * made; a search without `service_code` or with a bad date is a violation.
   */
  private onSearch(q: URLSearchParams, res: Response): void {
    if (!this.searchSupported) {
      res.status(400).json([{ code: 400, description: 'service_request_id required' }]);
      return;
    }
    const problems: string[] = [];
    const code = q.get('service_code');
    if (!code) problems.push('search without service_code');
    const start = Date.parse(q.get('start_date') ?? '');
    const end = Date.parse(q.get('end_date') ?? '');
    if (!ISO_DATE.test(q.get('start_date') ?? '') || Number.isNaN(start)) problems.push('start_date is not ISO 8601');
    if (!ISO_DATE.test(q.get('end_date') ?? '') || Number.isNaN(end)) problems.push('end_date is not ISO 8601');
    if (end - start > 90 * 86_400_000 || end < start) problems.push('date window must be 0 to 90 days');
    if (problems.length > 0) {
      this.violations.push(...problems);
      this.reject(res, 400, problems);
      return;
    }
    this.searches += 1;
    res.json(
      [...this.cases]
        .filter(([, c]) => c.service_code === code && Date.parse(c.requested_datetime ?? '') >= start && Date.parse(c.requested_datetime ?? '') <= end)
        .map(([id, c]) => ({
          service_request_id: id,
          status: c.status,
          service_code: c.service_code,
          description: c.description ?? null,
          requested_datetime: c.requested_datetime,
        })),
    );
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
