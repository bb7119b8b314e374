import { z } from 'zod';
import { Open311Error } from './errors';
import { readBoundedText } from './read-body';
import { fetchHttpClient, type HttpAnswer } from '../http-client';
import { open311Id } from './schemas';

/**
 * Reading an agency's service catalogue: `GET services.json` and `GET services/{code}.json`
 * (GeoReport v2, JSON format). Used by `wegov open311:import`, not by delivery: failures are
 * `Open311ServicesError` with a message for the operator, never retried.
 */

const optionalText = z
  .string()
  .nullish()
  .transform((v) => (v == null || v.trim() === '' ? undefined : v.trim()));

/** Agencies send `true`, `"true"`, `1`; anything else is false. */
const looseBoolean = z
  .union([z.boolean(), z.string(), z.number()])
  .nullish()
  .transform((v) => v === true || v === 1 || (typeof v === 'string' && v.trim().toLowerCase() === 'true'));

export const open311Service = z.object({
  service_code: open311Id,
  service_name: z.string().trim().min(1),
  description: optionalText,
  metadata: looseBoolean,
  type: optionalText,
  /** A comma-separated list (some agencies send an array). */
  keywords: z
    .union([z.string(), z.array(z.string())])
    .nullish()
    .transform((v) =>
      (Array.isArray(v) ? v : (v ?? '').split(','))
        .map((k) => k.trim())
        .filter((k) => k.length > 0),
    ),
  group: optionalText,
});

export type Open311Service = z.output<typeof open311Service>;

export const servicesReply = z.array(open311Service);

const attributeValue = z.object({ key: open311Id, name: z.union([z.string(), z.number()]).transform((v) => String(v).trim()) });

export const open311Attribute = z.object({
  variable: looseBoolean,
  code: open311Id,
  datatype: z.string().transform((s) => s.trim().toLowerCase()),
  required: looseBoolean,
  datatype_description: optionalText,
  order: z
    .union([z.number(), z.string()])
    .nullish()
    .transform((v) => (v == null || v === '' ? undefined : Number(v))),
  description: optionalText,
  values: z.array(attributeValue).nullish().transform((v) => v ?? []),
});

export type Open311Attribute = z.output<typeof open311Attribute>;

export const serviceDefinitionReply = z.object({
  service_code: open311Id.optional(),
  attributes: z.array(open311Attribute).nullish().transform((v) => v ?? []),
});

export type Open311ServiceDefinition = z.output<typeof serviceDefinitionReply>;

/** Why an import could not read the agency's catalogue. */
export class Open311ServicesError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'Open311ServicesError';
  }
}

export interface ServicesClientOptions {
  fetch?: typeof fetch;
  /** Per call, headers and body. Default 10,000 ms. */
  timeoutMs?: number;
  /** Largest body read. Default 1,000,000 bytes. */
  maxResponseBytes?: number;
  /** Sent as `jurisdiction_id` when set. */
  jurisdictionId?: string;
}

/** The base URL without a trailing `/` or `/services.json`. */
export function open311Base(url: string): string {
  return url.trim().replace(/(?<!\/)\/+$/, '').replace(/\/services\.json$/, '');
}

/** Reads `services.json` and, for each service with `metadata: true`, its definition. */
export async function fetchOpen311Catalogue(
  url: string,
  opts: ServicesClientOptions = {},
): Promise<{ services: Open311Service[]; definitions: Map<string, Open311ServiceDefinition> }> {
  const base = open311Base(url);
  if (!URL.canParse(base) || !['http:', 'https:'].includes(new URL(base).protocol)) {
    throw new Open311ServicesError(`not an http(s) URL: ${url}`);
  }
  const services = await getJson(`${base}/services.json`, servicesReply, opts);
  const definitions = new Map<string, Open311ServiceDefinition>();
  for (const service of services) {
    if (!service.metadata || definitions.has(service.service_code)) continue;
    const definition = await getJson(`${base}/services/${encodeURIComponent(service.service_code)}.json`, serviceDefinitionReply, opts);
    definitions.set(service.service_code, definition);
  }
  return { services, definitions };
}

async function getJson<S extends z.ZodType>(url: string, schema: S, opts: ServicesClientOptions): Promise<z.output<S>> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const maxBytes = opts.maxResponseBytes ?? 1_000_000;
  const target = new URL(url);
  if (opts.jurisdictionId) target.searchParams.set('jurisdiction_id', opts.jurisdictionId);
  const shown = url;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    let response: HttpAnswer;
    let text: string;
    try {
      response = await fetchHttpClient(opts.fetch ?? fetch).send(target, { method: 'GET', headers: { accept: 'application/json' }, signal: controller.signal });
      text = await readBoundedText(response, maxBytes);
    } catch (err) {
      if (err instanceof Open311Error) throw new Open311ServicesError(`GET ${shown}: ${err.message}`, { cause: err });
      if (controller.signal.aborted) throw new Open311ServicesError(`GET ${shown}: no answer within ${timeoutMs} ms`, { cause: err });
      throw new Open311ServicesError(`GET ${shown}: ${(err as Error)?.message ?? String(err)}`, { cause: err });
    }
    if (response.status < 200 || response.status >= 300) {
      throw new Open311ServicesError(`GET ${shown}: HTTP ${response.status}${response.status >= 300 && response.status < 400 ? ' (redirects are not followed; use the final URL)' : ''}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new Open311ServicesError(`GET ${shown}: the answer is not JSON (is this the GeoReport v2 base URL?)`, { cause: err });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? issue.path.join('.') : '(root)';
      throw new Open311ServicesError(`GET ${shown}: not a GeoReport v2 answer: ${where}: ${issue?.message ?? 'unexpected shape'}`, { cause: parsed.error });
    }
    return parsed.data;
  } finally {
    clearTimeout(timer);
  }
}
