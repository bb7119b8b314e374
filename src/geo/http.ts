/**
 * One GET to a geocoding API (Node's fetch, undici), as a value: the JSON body, or why there is
 * none (timeout, network, HTTP status, a body too large or not JSON). Never throws, never logs:
 * the URL carries the person's typed address (and, for Pelias, an API key).
 */
import type { GeocodeFailure } from './types';

/** A geocoder's answer for five places is a few kilobytes. */
const MAX_BODY_BYTES = 512 * 1024;

export type FetchJson = { ok: true; json: unknown } | { ok: false; code: GeocodeFailure; status?: number };

export async function getJson(url: URL, opts: { headers: Record<string, string>; timeoutMs: number }): Promise<FetchJson> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json', ...opts.headers }, signal: AbortSignal.timeout(opts.timeoutMs) });
  } catch (error) {
    return { ok: false, code: isTimeout(error) ? 'timeout' : 'network' };
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    return { ok: false, code: response.status === 429 ? 'rate_limited' : 'http_error', status: response.status };
  }
  try {
    const text = await response.text();
    if (text.length > MAX_BODY_BYTES) return { ok: false, code: 'bad_response', status: response.status };
    return { ok: true, json: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, code: isTimeout(error) ? 'timeout' : 'bad_response', status: response.status };
  }
}

/** AbortSignal.timeout's DOMException, checked by name (not instanceof: it may come from another realm). */
function isTimeout(error: unknown): boolean {
  const name = typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';
  return name === 'TimeoutError' || name === 'AbortError';
}

/** [min lon, min lat, max lon, max lat] of a boundary: the box searches are limited to. */
export type Box = [number, number, number, number];
