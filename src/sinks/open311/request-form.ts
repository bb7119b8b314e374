import type { Report } from '../../engine/report';
import { plainTextDescription } from './description';

/** Deployment settings that go into every POST (from the catalogue's `open311` sink entry). */
export interface Open311FormOptions {
  /** Sent as `api_key` (GeoReport v2: POST requires one). */
  apiKey?: string;
  /** Sent as `jurisdiction_id`; only needed when the endpoint serves several jurisdictions. */
  jurisdictionId?: string;
  /** A URL the agency can fetch the photo from (signed and expiring; made elsewhere). */
  mediaUrl?: string;
}

/** `first_name` / `last_name` from one name field: split at the last space. */
export function splitName(name: string): { first: string; last?: string } {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  const at = trimmed.lastIndexOf(' ');
  if (at <= 0) return { first: trimmed };
  return { first: trimmed.slice(0, at), last: trimmed.slice(at + 1) };
}

/**
 * The body of GeoReport v2 `POST requests.json` (application/x-www-form-urlencoded) for a
 * report: `api_key` and `jurisdiction_id` when configured, `service_code`, either `lat`+`long`
 * (a pin) or `address_string` (a typed address), `description` as plain text of at most 4,000
 * characters, `media_url` when given, `attribute[code]=value` (a list value becomes repeated
 * `attribute[code][]=v`), and `email` / `first_name` / `last_name` / `phone` only when the
 * report carries contact details (which exist only with the person's consent). All values are
 * strings; empty optional values are left out.
 */
export function open311Form(report: Report, opts: Open311FormOptions = {}): URLSearchParams {
  const form = new URLSearchParams();
  if (opts.apiKey) form.append('api_key', opts.apiKey);
  if (opts.jurisdictionId) form.append('jurisdiction_id', opts.jurisdictionId);
  form.append('service_code', String(report.serviceCode));

  if ('address' in report.location) {
    form.append('address_string', report.location.address);
  } else {
    form.append('lat', String(report.location.lat));
    form.append('long', String(report.location.lon));
  }

  const description = plainTextDescription(report.description);
  if (description) form.append('description', description);
  if (opts.mediaUrl) form.append('media_url', opts.mediaUrl);

  for (const [code, value] of Object.entries(report.attributes)) {
    if (Array.isArray(value)) {
      for (const v of value) form.append(`attribute[${code}][]`, String(v));
    } else if (value !== '') {
      form.append(`attribute[${code}]`, String(value));
    }
  }

  const contact = report.contact;
  if (contact !== null && contact.consentToShare === true) {
    if (contact.email) form.append('email', contact.email);
    const { first, last } = splitName(contact.name);
    if (first) form.append('first_name', first);
    if (last) form.append('last_name', last);
    if (contact.phone) form.append('phone', contact.phone);
  }
  return form;
}
