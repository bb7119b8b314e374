import type { Boundary, LocalizedText } from './basic-types';
import type { AdoptableAsset, Opportunity } from './volunteer-types';
export type { AdoptableAsset, Opportunity, Shift } from './volunteer-types';
import type { Consultation } from './consultation-types';
import type { GeocoderConfig } from './geocoder-types';
export type { Gazetteer, GazetteerPlace, GazetteerStreet, GeocoderConfig, StreetSegment } from './geocoder-types';

export type { Boundary, LocalizedText, Position } from './basic-types';

export type { Consultation, ConsultationArea, ConsultationAudience, ConsultationResults, Condition, Question, QuestionOption, QuestionType } from './consultation-types';

/**
 * The deployment catalogue as the rest of WeGov sees it, after `loadCatalog` has parsed and
 * validated the YAML file (see src/catalog/schema.ts). Field names follow Open311 GeoReport
 * v2 where one exists.
 */




export interface Jurisdiction {
  /** Open311 jurisdiction_id. */
  id: string;
  name: LocalizedText;
  timezone: string;
  defaultLocale: string;
  /** Locales offered to people; each must be shipped in locales/. */
  locales: string[];
  boundary: Boundary;
  /** Named parts of the jurisdiction (neighbourhoods, wards) that a consultation's area can name; may be empty. */
  districts: District[];
  /** Number to call in an emergency, e.g. 911 or 112. */
  emergencyNumber: string;
  /** ISO 3166 region used to parse local phone numbers, e.g. US. */
  phoneRegion: string;
  /** Reference prefix shown to people, e.g. WG (-> WG-7K3QX9). */
  referencePrefix: string;
  /** How a typed address becomes a point (catalogue `geocoder`); absent: typed addresses are kept as typed. */
  geocoder?: GeocoderConfig;
}

/** A named part of the jurisdiction (catalogue `jurisdiction.districts`), inside its boundary. */
export interface District {
  /** Stable id: consultations name it (`area: { district: <id> }`) and results are broken down by it. */
  id: string;
  /** In every offered language (people read it when they are outside it). */
  name: LocalizedText;
  boundary: Boundary;
}

/** `id`: the sink's key within its agency (stable across reordering); else its position. */
export type SinkConfig = { id?: string } & (
  | { type: 'file'; path?: string }
  | { type: 'open311'; endpoint: string; apiKeyEnv?: string; jurisdictionId?: string }
  | { type: 'webhook'; url: string; secretEnv: string; payloadVersion?: 1 | 2 }
  | { type: 'slack'; channel: string }
);

/** Where an agency hears that a delivery failed for good (outbox/dead-letter-alerts.ts). */
export type AlertConfig = { type: 'webhook'; url: string; secretEnv: string };

export interface Agency {
  id: string;
  name: LocalizedText;
  sinks: SinkConfig[];
  alerts: AlertConfig[];
  /** Where people ask the agency about the data it holds (email, phone or web page). */
  privacyContact?: string;
  /** The agency's notes on reports are public (status by reference, open data). */
  publicNotes: boolean;
}

/** Days each class of personal data is kept (catalogue `retention`; src/privacy/retention.ts). */
export interface Retention {
  casesDays: number;
  photosDays: number;
  transcriptsDays: number;
  /** For consultations (issue 11): kept here so the catalogue format is settled. */
  consultationResponsesDays: number;
}

/** Nearby reports offered before a new one (catalogue `nearby`; src/cases/report-nearby.ts). */
export interface NearbyConfig {
  /** Metres around the report's point; 0: no offer. */
  radiusM: number;
  /** Reports submitted more than this many days ago are not offered. */
  maxAgeDays: number;
}

export interface CategoryGroup {
  id: string;
  name: LocalizedText;
}

export type AttributeDatatype = 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';

export interface AttributeValue {
  key: string;
  name: LocalizedText;
}

/** An Open311 service attribute: an extra question asked for one category. */
export interface Attribute {
  code: string;
  datatype: AttributeDatatype;
  /** false: informational text shown to the person, no answer asked (Open311 `variable`). */
  variable: boolean;
  required: boolean;
  order: number;
  /** The question, as Open311 `description`. */
  description: LocalizedText;
  /** Open311 `datatype_description`: a hint shown under the question. */
  hint?: LocalizedText;
  /** For the list datatypes. */
  values: AttributeValue[];
}

export interface Category {
  id: string;
  /** Open311 service_code. */
  serviceCode: string;
  name: LocalizedText;
  description?: LocalizedText;
  group?: string;
  agency: string;
  /** Words people use for it, per locale, for free-text matching. */
  keywords: { [locale: string]: string[] };
  /**
   * Sentences people write about it, per locale ("the light outside my house is out"): with
   * the name, description and keywords, what the category classifier learns from.
   */
  examples?: { [locale: string]: string[] };
  attributes: Attribute[];
  photo: 'required' | 'optional' | 'none';
  anonymousAllowed: boolean;
  /** Set for emergencies: WeGov shows the number and does not take a report. */
  emergency?: { number?: string; message?: LocalizedText };
}

export interface Catalog {
  /** The file it came from (for messages). */
  source: string;
  jurisdiction: Jurisdiction;
  agencies: Agency[];
  groups: CategoryGroup[];
  categories: Category[];
  retention: Retention;
  /** Nearby reports (issue 16); absent in catalogues built in code: the defaults (schema-nearby.ts DEFAULT_NEARBY). */
  nearby?: NearbyConfig;
  /** Consultations (issue 11), empty when the catalogue has none. */
  consultations: Consultation[];
  /** Volunteering opportunities and their shifts (issue 13), empty when the catalogue has none. */
  opportunities: Opportunity[];
  /** Public assets residents can adopt (issue 13), empty when the catalogue has none. */
  assets: AdoptableAsset[];
  /** Names of the opportunities' tags in every offered language (catalogue `volunteering.tags`); a tag without one shows as written. */
  volunteerTags?: Record<string, LocalizedText>;
  /** The agency's own example messages for the intent classifier, per intent then locale (catalogue `intents:`). */
  intents?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}
