import { stringify } from 'yaml';
import type { Open311Attribute, Open311Service, Open311ServiceDefinition } from '../sinks/open311/services';

/**
 * Maps an agency's Open311 service list and service definitions to the catalogue format
 * (`groups` and `categories`, see config/demo-city.yaml), for `wegov open311:import`.
 * Everything that the catalogue would refuse is repaired or left out, with a warning saying so.
 */

const DATATYPES = new Set(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']);
const LISTS = new Set(['singlevaluelist', 'multivaluelist']);
const ATTRIBUTE_CODE = /^[A-Za-z0-9_.-]{1,64}$/;
const SLUG = /^[a-z0-9][a-z0-9_-]{0,39}$/;

export interface ImportOptions {
  /** The agency id categories are routed to. */
  agency: string;
  /** Locale the agency's texts are written in (the catalogue's default locale). */
  locale: string;
}

type Text = Record<string, string>;

export interface ImportedAttribute {
  code: string;
  datatype: string;
  variable: boolean;
  required: boolean;
  order?: number;
  description: Text;
  datatype_description?: Text;
  values?: { key: string; name: Text }[];
}

export interface ImportedCategory {
  id: string;
  service_code: string;
  name: Text;
  description?: Text;
  group?: string;
  agency: string;
  keywords?: Record<string, string[]>;
  photo: 'optional';
  attributes?: ImportedAttribute[];
}

export interface ImportResult {
  groups: { id: string; name: Text }[];
  categories: ImportedCategory[];
  warnings: string[];
}

/** Lowercase `[a-z0-9_-]`, starting with a letter or digit, at most `max` characters; '' when nothing is left. */
export function slugify(text: string, max = 40): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-_]+/, '')
    .slice(0, max)
    .replace(/(?<![-_])[-_]+$/, '');
}

/** A slug not in `taken` (adds it): `base`, `base-2`, `base-3`… within 40 characters. */
function uniqueSlug(base: string, taken: Set<string>): string {
  let candidate = base;
  for (let n = 2; taken.has(candidate); n++) {
    const suffix = `-${n}`;
    candidate = `${base.slice(0, 40 - suffix.length).replace(/(?<![-_])[-_]+$/, '')}${suffix}`;
  }
  taken.add(candidate);
  return candidate;
}

export function mapOpen311Services(
  services: readonly Open311Service[],
  definitions: ReadonlyMap<string, Open311ServiceDefinition>,
  opts: ImportOptions,
): ImportResult {
  const warnings: string[] = [];
  const text = (s: string): Text => ({ [opts.locale]: s });
  const ids = new Set<string>();
  const codes = new Set<string>();
  const groups = new Map<string, { id: string; name: Text }>();
  const categories: ImportedCategory[] = [];

  for (const service of services) {
    const code = service.service_code;
    if (codes.has(code)) {
      warnings.push(`service ${code}: listed twice; kept the first`);
      continue;
    }
    codes.add(code);
    const base = slugify(service.service_name) || slugify(code) || `service-${categories.length + 1}`;
    const category: ImportedCategory = {
      id: uniqueSlug(base, ids),
      service_code: code,
      name: text(service.service_name),
      agency: opts.agency,
      photo: 'optional',
    };
    if (service.description !== undefined && service.description !== service.service_name) category.description = text(service.description);
    if (service.group !== undefined) {
      const groupId = slugify(service.group);
      if (groupId === '') warnings.push(`service ${code}: group "${service.group}" has no usable id; left out`);
      else {
        if (!groups.has(groupId)) groups.set(groupId, { id: groupId, name: text(service.group) });
        category.group = groupId;
      }
    }
    const keywords = [...new Set(service.keywords)];
    if (keywords.length > 0) category.keywords = { [opts.locale]: keywords };
    if (service.metadata) {
      const definition = definitions.get(code);
      const attributes = (definition?.attributes ?? [])
        .map((a) => mapAttribute(a, code, text, warnings))
        .filter((a): a is ImportedAttribute => a !== undefined);
      const seen = new Set<string>();
      const unique = attributes.filter((a) => {
        if (seen.has(a.code)) {
          warnings.push(`service ${code}: attribute ${a.code} listed twice; kept the first`);
          return false;
        }
        seen.add(a.code);
        return true;
      });
      unique.sort((a, b) => (a.order ?? Number.MAX_SAFE_INTEGER) - (b.order ?? Number.MAX_SAFE_INTEGER));
      if (unique.length > 0) category.attributes = unique;
    }
    categories.push(category);
  }
  if (!SLUG.test(opts.agency)) warnings.push(`agency id "${opts.agency}" is not a valid id (1-40 lowercase letters, digits, - or _)`);
  return { groups: [...groups.values()], categories, warnings };
}

function mapAttribute(a: Open311Attribute, service: string, text: (s: string) => Text, warnings: string[]): ImportedAttribute | undefined {
  const where = `service ${service}: attribute ${a.code}`;
  if (!ATTRIBUTE_CODE.test(a.code)) {
    warnings.push(`${where}: code is not 1-64 letters, digits, _, . or - (WeGov sends it back as attribute[code]); left out`);
    return undefined;
  }
  let datatype = a.datatype;
  if (!DATATYPES.has(datatype)) {
    warnings.push(`${where}: unknown datatype "${a.datatype}"; imported as string`);
    datatype = 'string';
  }
  const values: { key: string; name: Text }[] = [];
  const keys = new Set<string>();
  for (const v of a.values) {
    if (keys.has(v.key)) continue;
    keys.add(v.key);
    values.push({ key: v.key, name: text(v.name === '' ? v.key : v.name) });
  }
  if (LISTS.has(datatype) && values.length === 0) {
    warnings.push(`${where}: ${datatype} without values; imported as string`);
    datatype = 'string';
  }
  const out: ImportedAttribute = {
    code: a.code,
    datatype,
    variable: a.variable,
    required: a.variable && a.required,
    description: text(a.description ?? a.code),
  };
  if (a.variable === false && a.required) warnings.push(`${where}: informational (variable: false) and required; imported as not required`);
  if (a.order !== undefined && Number.isInteger(a.order) && a.order >= 0) out.order = a.order;
  else if (a.order !== undefined) warnings.push(`${where}: order ${a.order} is not a whole number; left out`);
  if (a.datatype_description !== undefined) out.datatype_description = text(a.datatype_description);
  if (LISTS.has(datatype)) out.values = values;
  return out;
}

const HEADER = (url: string) => `# Imported from the Open311 GeoReport v2 services at ${url}
# by \`wegov open311:import\` on ${new Date().toISOString().slice(0, 10)}. Texts are the agency's, in one locale:
# add translations, keywords and photo: required|none where needed, then run \`wegov check-config\`.
`;

/**
 * The `groups` and `categories` to paste into an existing catalogue (and, when `agencyEntry`
 * is given, the `agencies` entry to add).
 */
export function renderFragment(result: ImportResult, url: string, agencyEntry?: object): string {
  const parts = [HEADER(url)];
  if (agencyEntry) {
    parts.push('# Add this agency under `agencies:` (or pass --agency <id> to route to an agency you already have).\n');
    parts.push(stringify({ agencies: [agencyEntry] }, { lineWidth: 0 }));
  }
  parts.push('# Add these under `groups:` (skip any your catalogue already has).\n');
  parts.push(stringify({ groups: result.groups }, { lineWidth: 0 }));
  parts.push('# Add these under `categories:`. Category ids appear in deep links: keep them stable once published.\n');
  parts.push(stringify({ categories: result.categories }, { lineWidth: 0 }));
  return parts.join('\n');
}

/** A whole catalogue: a placeholder jurisdiction to edit, one agency with the Open311 sink, the imported groups and categories. */
export function renderCatalogue(result: ImportResult, url: string, agency: object, locale: string): string {
  const jurisdiction = `# ---------------------------------------------------------------------------------------------
# EDIT THE JURISDICTION BELOW BEFORE GOING LIVE: it is a placeholder. Its id, name, time zone,
# emergency number and especially its boundary (the area reports are accepted from; the square
# below is near 0,0 in the ocean, so every real location would be refused) are not known to
# Open311 and must be written by you. See config/demo-city.yaml for what each field means.
# ---------------------------------------------------------------------------------------------
jurisdiction:
  id: CHANGE-ME.example          # EDIT: your Open311 jurisdiction_id or domain
  name: CHANGE ME                # EDIT: the place's name
  timezone: UTC                  # EDIT: IANA time zone, e.g. America/Chicago
  default_locale: ${locale}
  emergency_number: "911"        # EDIT: the local emergency number
  boundary:                      # EDIT: a GeoJSON Polygon/MultiPolygon, [longitude, latitude]
    type: Polygon
    coordinates:
      - - [0.0, 0.0]
        - [0.01, 0.0]
        - [0.01, 0.01]
        - [0.0, 0.01]
        - [0.0, 0.0]

`;
  return [
    HEADER(url),
    jurisdiction,
    stringify({ agencies: [agency] }, { lineWidth: 0 }),
    stringify({ groups: result.groups }, { lineWidth: 0 }),
    stringify({ categories: result.categories }, { lineWidth: 0 }),
  ].join('\n');
}
