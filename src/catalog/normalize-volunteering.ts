/**
 * The validated `volunteering:` section (file shape, snake_case) -> the `Opportunity` and
 * `AdoptableAsset` types the code uses (volunteer-types.ts): camelCase, a single string becomes
 * `{ [defaultLocale]: text }`, questions as a consultation's (defaults made explicit), shift
 * times already ISO instants in UTC (the schema converted them from the jurisdiction's zone).
 */
import type { LocalizedText } from './basic-types';
import { toQuestion } from './normalize-consultation';
import type { AssetFile, OpportunityFile, VolunteeringFile } from './schema-volunteering';
import type { AdoptableAsset, Opportunity } from './volunteer-types';

type Text = string | { [locale: string]: string };
type ToText = (value: Text) => LocalizedText;

/** The opportunities and assets of the catalogue, in file order. */
export function normalizeVolunteering(v: VolunteeringFile, defaultLocale: string): { opportunities: Opportunity[]; assets: AdoptableAsset[] } {
  const text: ToText = (value) => (typeof value === 'string' ? { [defaultLocale]: value } : { ...value });
  return { opportunities: v.opportunities.map((o) => toOpportunity(o, text)), assets: v.assets.map((a) => toAsset(a, text)) };
}

function toOpportunity(o: OpportunityFile, text: ToText): Opportunity {
  return {
    id: o.id,
    title: text(o.title),
    description: text(o.description),
    agency: o.agency,
    place: { lat: o.place.lat, lon: o.place.lon, address: text(o.place.address) },
    tags: [...o.tags],
    ...(o.min_age === undefined ? {} : { minAge: o.min_age }),
    requirements: o.requirements.map(text),
    questions: o.questions.map((q) => toQuestion(q, text)),
    waitlist: o.waitlist,
    shifts: o.shifts.map((s) => ({ id: s.id, startsAt: s.starts_at, endsAt: s.ends_at, capacity: s.capacity })),
  };
}

function toAsset(a: AssetFile, text: ToText): AdoptableAsset {
  return { id: a.id, type: a.type, name: text(a.name), lat: a.lat, lon: a.lon, agency: a.agency };
}
