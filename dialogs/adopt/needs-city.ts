/**
 * "Needs the city" on an adopted asset (issue 13): a report to the asset's agency with the
 * asset's location filled in. It is a `report` (Open311, the webhook, the agency's triage) in
 * the catalogue category of that agency whose id or keywords name the asset's type (a tree:
 * "Fallen tree or branch"); when the catalogue has none, an `asset_report` of its own kind.
 * Either way the person hears a reference, and status updates on it come back to them.
 */
import type { AdoptableAsset, Category } from '../../src/catalog/types';
import type { FlowCtx, Outcome } from '../../src/engine/flow';
import { newReference } from '../../src/engine/ids';
import type { Json } from '../../src/engine/json';
import { localized } from '../../src/engine/locale';
import type { Report } from '../../src/engine/report';
import { lit, t } from '../../src/engine/text';
import { normalize } from '../../src/nlu/normalize';
import { ASSET_REPORT, type AssetReport } from './result';

/** The words of an asset type that a category must name: `storm_drain` -> drain, `tree` -> tree. */
const typeWord = (type: string): string => normalize(type.split('_').at(-1) ?? type);

export function categoryFor(categories: readonly Category[], asset: AdoptableAsset): Category | undefined {
  const word = typeWord(asset.type);
  return categories.find(
    (c) => c.agency === asset.agency && c.emergency === undefined && (c.id.split('-').includes(word) || Object.values(c.keywords).some((ks) => ks.some((k) => normalize(k) === word))),
  );
}

export function needsTheCity(ctx: FlowCtx, asset: AdoptableAsset, id: string, adopter: string): Outcome {
  const { catalog } = ctx.env;
  const def = catalog.jurisdiction.defaultLocale;
  const reference = newReference(catalog.jurisdiction.referencePrefix, ctx.env);
  const submittedAt = ctx.env.now().toISOString();
  const name = localized(asset.name, def, def);
  const agency = catalog.agencies.find((a) => a.id === asset.agency);
  const agencyName = lit(agency ? localized(agency.name, ctx.locale, def) : asset.agency);
  const category = categoryFor(catalog.categories, asset);
  const told = { messages: [{ text: [t('adopt.needs_city_sent', { reference, agency: agencyName })], expects: 'none' as const }] };
  if (category) {
    const report: Report = {
      id,
      reference,
      conversationId: ctx.session.id,
      channel: ctx.session.channel,
      locale: ctx.locale,
      submittedAt,
      jurisdictionId: catalog.jurisdiction.id,
      agencyId: asset.agency,
      categoryId: category.id,
      serviceCode: category.serviceCode,
      categoryName: localized(category.name, def, def),
      attributes: {},
      location: { lat: asset.lat, lon: asset.lon },
      media: [],
      // For the agency (the jurisdiction's staff), not the person: the asset in the default language.
      description: `${name} (${asset.id}): its adopter says it needs the city.`,
      contact: null,
    };
    ctx.session.results.push({ kind: 'report', id, reference, agencyId: asset.agency, categoryId: category.id, submittedAt, status: 'open' });
    return { ...told, events: [{ type: 'result_submitted', kind: 'report', id, agencyId: asset.agency, reference, payload: report as unknown as Json }] };
  }
  const payload: AssetReport = { id, reference, assetId: asset.id, assetType: asset.type, assetName: name, agencyId: asset.agency, location: { lat: asset.lat, lon: asset.lon }, state: 'needs_city', adopter, locale: ctx.locale, channel: ctx.session.channel, submittedAt };
  ctx.session.results.push({ kind: ASSET_REPORT, id, reference, agencyId: asset.agency, submittedAt });
  return { ...told, events: [{ type: 'result_submitted', kind: ASSET_REPORT, id, agencyId: asset.agency, reference, payload: payload as unknown as Json }] };
}
