import type { CaseStatus } from './input';

/**
 * A location as the person gave it: a pin; a typed place the geocoder found, with the address in
 * words (`address`, Open311 `address_string` beside `lat`/`long`); or a typed address kept as typed
 * (no geocoder configured).
 */
export type ReportLocation = { lat: number; lon: number; address?: string } | { address: string };

/** Contact details, present only when the person chose to give them and consented. */
export interface ReportContact {
  name: string;
  email?: string;
  /** E.164, e.g. +15125550100. */
  phone?: string;
  consentToContact: true;
  consentToShare: true;
}

/**
 * A completed report: everything an Open311 GeoReport v2 `POST requests.json` needs, plus
 * where it came from so the agency's answer can find its way back.
 */
export interface Report {
  /** Submission id: the idempotency key for every sink. */
  id: string;
  /** Human-friendly reference shown to the person, e.g. WG-7K3QX9. */
  reference: string;
  conversationId: string;
  channel: string;
  locale: string;
  submittedAt: string;
  jurisdictionId: string;
  agencyId: string;
  categoryId: string;
  serviceCode: string;
  /** The category's name in the default locale (for the agency). */
  categoryName: string;
  /** Open311 attribute values by attribute code; multivaluelist values are arrays of keys. */
  attributes: Record<string, string | string[]>;
  location: ReportLocation;
  /** Photos stored in the MediaStore (at most one for now). */
  media: { mediaId: string; contentType: string; bytes: number }[];
  description: string;
  contact: ReportContact | null;
}
