import type { Category } from '../../src/catalog/types';
import type { FlowCtx } from '../../src/engine/flow';
import { newReference, newSubmissionId } from '../../src/engine/ids';
import type { Json } from '../../src/engine/json';
import { localized } from '../../src/engine/locale';
import type { Report, ReportContact, ReportLocation } from '../../src/engine/report';
import { attributeStepId } from './attribute-steps';
import { CONTACT_CONSENT, CONTACT_EMAIL, CONTACT_METHOD, CONTACT_MODE, CONTACT_NAME, CONTACT_PHONE } from './contact-steps';
import { DESCRIPTION_STEP, LOCATION_STEP, PHOTO_STEP } from './detail-steps';

function asObject(v: Json | undefined): { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {};
}

function location(v: Json | undefined): ReportLocation {
  const o = asObject(v);
  if (typeof o.lat === 'number' && typeof o.lon === 'number') return { lat: o.lat, lon: o.lon, ...(typeof o.address === 'string' ? { address: o.address } : {}) };
  return { address: String(o.address ?? '') };
}

function contact(ctx: FlowCtx): ReportContact | null {
  const a = ctx.frame.answers;
  if (a[CONTACT_MODE] === 'anonymous' || a[CONTACT_CONSENT] !== true) return null;
  const base = { name: String(a[CONTACT_NAME] ?? ''), consentToContact: true as const, consentToShare: true as const };
  return a[CONTACT_METHOD] === 'phone' ? { ...base, phone: String(a[CONTACT_PHONE] ?? '') } : { ...base, email: String(a[CONTACT_EMAIL] ?? '') };
}

/** Open311 attribute values: list answers as arrays of keys, numbers and dates as strings. */
function attributes(category: Category, ctx: FlowCtx): Report['attributes'] {
  const out: Report['attributes'] = {};
  for (const attribute of category.attributes) {
    const value = ctx.frame.answers[attributeStepId(category, attribute)];
    if (value === undefined || value === null) continue;
    out[attribute.code] = Array.isArray(value) ? value.map(String) : String(value);
  }
  return out;
}

/** The completed report: everything an Open311 POST needs, with its reference and submission id. */
export function buildReport(category: Category, ctx: FlowCtx): Report {
  const { catalog } = ctx.env;
  const photo = asObject(ctx.frame.answers[PHOTO_STEP]);
  return {
    id: newSubmissionId(ctx.env),
    reference: newReference(catalog.jurisdiction.referencePrefix, ctx.env),
    conversationId: ctx.session.id,
    channel: ctx.session.channel,
    locale: ctx.locale,
    submittedAt: ctx.env.now().toISOString(),
    jurisdictionId: catalog.jurisdiction.id,
    agencyId: category.agency,
    categoryId: category.id,
    serviceCode: category.serviceCode,
    categoryName: localized(category.name, catalog.jurisdiction.defaultLocale, catalog.jurisdiction.defaultLocale),
    attributes: attributes(category, ctx),
    location: location(ctx.frame.answers[LOCATION_STEP]),
    media:
      typeof photo.mediaId === 'string'
        ? [{ mediaId: photo.mediaId, contentType: String(photo.contentType), bytes: Number(photo.bytes) }]
        : [],
    description: String(ctx.frame.answers[DESCRIPTION_STEP] ?? ''),
    contact: contact(ctx),
  };
}
