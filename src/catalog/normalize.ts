import { normalizeConsultation } from './normalize-consultation';
import { normalizeVolunteering } from './normalize-volunteering';
import type { CatalogFile } from './schema';
import type { ConsultationFile } from './schema-consultation';
import { toBoundary } from './schema-boundary';
import type { Agency, Attribute, Catalog, Category, District, Gazetteer, GeocoderConfig, LocalizedText, SinkConfig } from './types';
import type { GeocoderFile } from './schema-geocoder';
import path from 'node:path';

type Text = CatalogFile['jurisdiction']['name'];
type AgencyFile = CatalogFile['agencies'][number];
type CategoryFile = CatalogFile['categories'][number];
type AttributeFile = CategoryFile['attributes'][number];

/**
 * Turns a validated file into the `Catalog` the code uses: camelCase, plain strings become
 * `{ [defaultLocale]: text }`, the boundary becomes MultiPolygon-style, attributes are sorted
 * by `order` (which defaults to their position, from 1). `moreConsultations` are those of
 * `consultations_dir`. A consultation's area naming a district gets the district's name and boundary.
 */
export function normalizeCatalog(file: CatalogFile, source: string, moreConsultations: readonly ConsultationFile[] = [], gazetteer?: Gazetteer): Catalog {
  const j = file.jurisdiction;
  const text = (value: Text): LocalizedText => (typeof value === 'string' ? { [j.default_locale]: value } : { ...value });
  const districts = j.districts.map((d): District => ({ id: d.id, name: text(d.name), boundary: toBoundary(d.boundary) }));
  return {
    source,
    jurisdiction: {
      id: j.id,
      name: text(j.name),
      timezone: j.timezone,
      defaultLocale: j.default_locale,
      locales: j.locales ?? [j.default_locale],
      boundary: toBoundary(j.boundary),
      districts,
      emergencyNumber: j.emergency_number,
      phoneRegion: j.phone_region,
      referencePrefix: j.reference_prefix,
      ...(j.geocoder !== undefined ? { geocoder: geocoderOf(j.geocoder, source, j.phone_region, gazetteer) } : {}),
    },
    agencies: file.agencies.map((a) => toAgency(a, text)),
    groups: file.groups.map((g) => ({ id: g.id, name: text(g.name) })),
    categories: file.categories.map((c) => toCategory(c, text)),
    // The file's own first, then those of consultations_dir (in file-name order).
    consultations: [...file.consultations, ...moreConsultations].map((c) => normalizeConsultation(c, j.default_locale, districts)),
    // Volunteering (issue 13): opportunities with their catalogue shifts, and adoptable assets.
    ...normalizeVolunteering(file.volunteering, j.default_locale),
    ...(file.intents !== undefined ? { intents: file.intents } : {}),
    nearby: { radiusM: file.nearby.radius_m, maxAgeDays: file.nearby.max_age_days },
    retention: {
      casesDays: file.retention.cases_days,
      photosDays: file.retention.photos_days,
      transcriptsDays: file.retention.transcripts_days,
      consultationResponsesDays: file.retention.consultation_responses_days,
    },
  };
}

/** The geocoder as configured; a gazetteer's file is resolved next to the catalogue and its rows given (load.ts reads them). */
function geocoderOf(g: GeocoderFile, source: string, phoneRegion: string, gazetteer: Gazetteer = { streets: [], places: [] }): GeocoderConfig {
  switch (g.type) {
    case 'gazetteer':
      return { type: 'gazetteer', file: gazetteerPath(source, g.file), ...gazetteer };
    case 'nominatim':
      return { type: 'nominatim', url: g.url, email: g.email, countryCodes: g.country_codes ?? [phoneRegion.toLowerCase()], timeoutMs: g.timeout_ms, cacheSeconds: g.cache_hours * 3600 };
    case 'pelias':
      return { type: 'pelias', url: g.url, ...(g.api_key_env !== undefined ? { apiKeyEnv: g.api_key_env } : {}), timeoutMs: g.timeout_ms, cacheSeconds: g.cache_hours * 3600 };
  }
}

/** A gazetteer file named in the catalogue, relative to the catalogue file. */
export function gazetteerPath(source: string, file: string): string {
  return path.resolve(path.dirname(source), file);
}

function sinkConfigOf(s: AgencyFile['sinks'][number]): SinkConfig {
  switch (s.type) {
    case 'file':
      return s.path === undefined ? { type: 'file' } : { type: 'file', path: s.path };
    case 'open311':
      return {
        type: 'open311',
        endpoint: s.endpoint,
        ...(s.api_key_env === undefined ? {} : { apiKeyEnv: s.api_key_env }),
        ...(s.jurisdiction_id === undefined ? {} : { jurisdictionId: s.jurisdiction_id }),
      };
    case 'webhook':
      return { type: 'webhook', url: s.url, secretEnv: s.secret_env, ...(s.payload_version === 2 ? { payloadVersion: 2 as const } : {}) };
    case 'slack':
      return { type: 'slack', channel: s.channel };
  }
}

function toAgency(a: AgencyFile, text: (value: Text) => LocalizedText): Agency {
  const sinks = a.sinks.map((s): SinkConfig => ({ ...(s.id !== undefined ? { id: s.id } : {}), ...sinkConfigOf(s) }));
  const alerts = a.alerts.map((al) => ({ type: al.type, url: al.url, secretEnv: al.secret_env }));
  return { id: a.id, name: text(a.name), sinks, alerts, publicNotes: a.public_notes, ...(a.privacy_contact !== undefined ? { privacyContact: a.privacy_contact } : {}) };
}

function toCategory(c: CategoryFile, text: (value: Text) => LocalizedText): Category {
  const category: Category = {
    id: c.id,
    serviceCode: c.service_code,
    name: text(c.name),
    agency: c.agency,
    keywords: Object.fromEntries(Object.entries(c.keywords).map(([locale, words]) => [locale, [...words]])),
    // Array#sort is stable: equal orders keep file order.
    attributes: c.attributes.map((a, index) => toAttribute(a, index + 1, text)).sort((x, y) => x.order - y.order),
    photo: c.photo,
    anonymousAllowed: c.anonymous_allowed,
  };
  if (c.description !== undefined) category.description = text(c.description);
  if (Object.keys(c.examples).length > 0) category.examples = Object.fromEntries(Object.entries(c.examples).map(([locale, lines]) => [locale, [...lines]]));
  if (c.group !== undefined) category.group = c.group;
  if (c.emergency !== undefined && c.emergency !== false) {
    const details = c.emergency === true ? {} : c.emergency;
    category.emergency = {};
    if (details.number !== undefined) category.emergency.number = details.number;
    if (details.message !== undefined) category.emergency.message = text(details.message);
  }
  return category;
}

function toAttribute(a: AttributeFile, position: number, text: (value: Text) => LocalizedText): Attribute {
  const attribute: Attribute = {
    code: a.code,
    datatype: a.datatype,
    variable: a.variable,
    required: a.required,
    order: a.order ?? position,
    description: text(a.description),
    values: (a.values ?? []).map((v) => ({ key: v.key, name: text(v.name) })),
  };
  if (a.datatype_description !== undefined) attribute.hint = text(a.datatype_description);
  return attribute;
}
