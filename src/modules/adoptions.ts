/**
 * Adoption summaries for staff (issue 13, "the agency sees adoptions on a map-free list ... Slack
 * summary"): per asset type how many are adopted and free, what adopters reported in the last
 * days, and which assets need the city: plain, channel-free data that a staff channel renders
 * its own way (Slack's `/wegov adoptions`, adapters/slack/adoptions-command.ts). A module with
 * adoptable assets offers it through its services (src/modules/services.ts, `adoptionSummary`);
 * the composition root hands it to the channels, so no adapter names a module.
 *
 * No adopter identity (no pseudonym, no given name): only assets and counts. Texts are already in
 * the reader's language; times are ISO instants.
 */

/** One asset type. Report counts are per asset, by its latest report (the store keeps one state per adoption). */
export interface AdoptionTypeSummary {
  /** The catalogue's type id (`storm_drain`). */
  type: string;
  /** Its name in the reader's language ("Storm drain"). */
  label: string;
  adopted: number;
  free: number;
  /** Adopted assets whose latest report, made since `since`, says "cleared". */
  cleared: number;
  /** Adopted assets whose latest report, made since `since`, says "needs the city". */
  needsCity: number;
}

/** An adopted asset whose adopter last said it needs the city. */
export interface NeedsCityAsset {
  assetId: string;
  type: string;
  /** The catalogue's name in the reader's language. */
  name: string;
  lat: number;
  lon: number;
  /** When the adopter said so. */
  reportedAt: string;
}

export interface AdoptionSummary {
  /** Reports are counted from this instant (7 days before `now`). */
  since: string;
  /** In the catalogue's order of first appearance. */
  types: AdoptionTypeSummary[];
  /** Most recent first, at most `limit`. */
  needsCity: NeedsCityAsset[];
  /** How many more need the city than are listed. */
  moreNeedsCity: number;
}

export interface AdoptionSummaries {
  /** The catalogue's asset type ids. */
  types(): string[];
  /** The summary of every type, or of one (`type`); the caller checks the type exists. */
  summary(opts: { locale: string; now: Date; type?: string; limit: number }): Promise<AdoptionSummary>;
}

/** How far back reports are counted. */
export const ADOPTION_REPORT_DAYS = 7;
