/**
 * The open data of reports (issue 16): `/open-data/reports.geojson`, a GeoJSON FeatureCollection
 * (RFC 7946) of the OPEN reports, one Point feature each, built from the report records
 * (src/cases/report-record.ts), which hold no personal data to begin with. A feature is
 * - `id`: the reference;
 * - `geometry`: a Point at the record's coarse point, `[longitude, latitude]` (RFC 7946 order),
 *   rounded to 3 decimals (about 100 m) again here, whatever wrote the record;
 * - `properties`: `reference`, `category_id`, `category` (its name in the file's language),
 *   `agency_id`, `agency`, `status`, `submitted_at`, `updated_at`, `district_id` and `district`
 *   (null outside every district), and `notes` (the agency's last note) only when the agency sets
 *   `public_notes: true`. Never the reporter (a record's `owner` pseudonym is not copied).
 * Records without a point (a typed address the geocoder could not place) are left out and
 * counted in the foreign member `reports_without_location`; `licence`, `generated_at` and
 * `language` are foreign members too, as the consultations' open data carries them.
 * Types: @types/geojson (the RFC's shapes, DefinitelyTyped).
 */
import type { Feature, FeatureCollection, Point } from 'geojson';
import { coarse, type ReportRecord } from '../../src/cases/report-record';
import type { Catalog } from '../../src/catalog/types';
import type { CaseStatus } from '../../src/engine/input';
import { localized } from '../../src/engine/locale';

export interface ReportProperties {
  reference: string;
  category_id: string;
  /** The category's name in the file's language; null when the catalogue no longer has it. */
  category: string | null;
  agency_id: string;
  agency: string | null;
  status: CaseStatus;
  submitted_at: string;
  updated_at: string;
  district_id: string | null;
  district: string | null;
  /** Only when the agency's notes are public (`public_notes: true`). */
  notes?: string;
}

export type ReportsDocument = FeatureCollection<Point, ReportProperties> & {
  licence: string;
  generated_at: string;
  language: string;
  reports_without_location: number;
};

/** Gathers the open records, page by page, into the document's parts (features sorted, so equal data gives an equal file). */
export class ReportsCollector {
  private readonly features: Feature<Point, ReportProperties>[] = [];
  private withoutLocation = 0;

  constructor(
    private readonly catalog: Pick<Catalog, 'categories' | 'agencies' | 'jurisdiction'>,
    private readonly lang: string,
  ) {}

  add(records: readonly ReportRecord[]): void {
    for (const r of records) {
      if (!r.point) {
        this.withoutLocation += 1;
        continue;
      }
      this.features.push({ type: 'Feature', id: r.reference, geometry: { type: 'Point', coordinates: [coarse(r.point.lon), coarse(r.point.lat)] }, properties: this.properties(r) });
    }
  }

  /** The document; `generated_at` is the one member that changes with the clock alone. */
  document(meta: { licence: string; generatedAt: Date }): ReportsDocument {
    // Plain comparisons: ISO times and references sort by code unit (localeCompare costs ~10x on 10,000).
    const order = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
    const features = [...this.features].sort((a, b) => order(b.properties.submitted_at, a.properties.submitted_at) || order(a.properties.reference, b.properties.reference));
    return { type: 'FeatureCollection', licence: meta.licence, generated_at: meta.generatedAt.toISOString(), language: this.lang, reports_without_location: this.withoutLocation, features };
  }

  private properties(r: ReportRecord): ReportProperties {
    const { categories, agencies, jurisdiction } = this.catalog;
    const name = (text: Parameters<typeof localized>[0] | undefined): string | null => (text === undefined ? null : localized(text, this.lang, jurisdiction.defaultLocale));
    const agency = agencies.find((a) => a.id === r.agencyId);
    const district = r.districtId !== undefined ? jurisdiction.districts.find((d) => d.id === r.districtId) : undefined;
    return {
      reference: r.reference,
      category_id: r.categoryId,
      category: name(categories.find((c) => c.id === r.categoryId)?.name),
      agency_id: r.agencyId,
      agency: name(agency?.name),
      status: r.status,
      submitted_at: r.submittedAt,
      updated_at: r.updatedAt,
      district_id: r.districtId ?? null,
      district: name(district?.name),
      ...(agency?.publicNotes === true && r.notes !== undefined ? { notes: r.notes } : {}),
    };
  }
}
