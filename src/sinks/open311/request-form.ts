import type { Report } from '../../engine/report';
import { MAX_DESCRIPTION_LENGTH, plainTextDescription } from './description';

/** Deployment settings that go into every POST (from the catalogue's `open311` sink entry). */
export interface Open311FormOptions {
  /** Sent as `api_key` (GeoReport v2: POST requires one). */
  apiKey?: string;
  /** Sent as `jurisdiction_id`; only needed when the endpoint serves several jurisdictions. */
  jurisdictionId?: string;
  /** A URL the agency can fetch the photo from (signed and expiring; made elsewhere). */
  mediaUrl?: string;
}

/** The line that ends every description: `\n\nRef. WG-7K3QX9`. */
export function referenceMarker(reference: string): string {
  return `\n\nRef. ${reference}`;
}

/** True when an agency's copy of a description carries this reference's marker. */
export function carriesReference(description: string | undefined, reference: string): boolean {
  if (!description) return false;
  const at = description.lastIndexOf(`Ref. ${reference}`);
  if (at < 0) return false;
  const after = description.charAt(at + 5 + reference.length);
  return after === '' || !/[A-Za-z0-9]/.test(after);
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
 * (a pin, and `address_string` too for a typed place the geocoder found) or `address_string` alone (a typed address), `description` as plain text of at most 4,000
 * characters ending with the reference (`Ref. WG-…`), `media_url` when given, `attribute[code]=value` (a list value becomes repeated
 * `attribute[code][]=v`), and `email` / `first_name` / `last_name` / `phone` only when the
 * report carries contact details (which exist only with the person's consent). All values are
 * strings; empty optional values are left out.
 */
export function open311Form(report: Report, opts: Open311FormOptions = {}): URLSearchParams {
  const form = new URLSearchParams();
  if (opts.apiKey) form.append('api_key', opts.apiKey);
  if (opts.jurisdictionId) form.append('jurisdiction_id', opts.jurisdictionId);
  form.append('service_code', String(report.serviceCode));

  if ('lat' in report.location) {
    form.append('lat', String(report.location.lat));
    form.append('long', String(report.location.lon));
  }
  if (report.location.address !== undefined && report.location.address !== '') form.append('address_string', report.location.address);

  // The reference ends the description: agency staff can quote it to the person, and a retry
  // after an uncertain POST finds the case it may have created by it (Open311Sink).
  const marker = referenceMarker(report.reference);
  const description = plainTextDescription(report.description, MAX_DESCRIPTION_LENGTH - marker.length);
  form.append('description', description ? `${description}${marker}` : marker.trimStart());
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
