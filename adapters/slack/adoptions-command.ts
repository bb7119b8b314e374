/**
 * `/wegov adoptions [<type>]` for staff, in the reader's language, ephemeral: per asset type how
 * many are adopted and free and what adopters reported in the last 7 days ("cleared", "needs the
 * city"), then the assets that need the city, most recent first (id, name, coordinates with a map
 * link, date). Never an adopter: no pseudonym, no given name. With a type, that type only; a type
 * nobody knows gets a polite answer with the known ones. The summary comes from the modules
 * (src/modules/adoptions.ts), handed in by the composition root: this adapter names no module.
 */
import type { AdoptionSummaries } from '../../src/modules/adoptions';
import type { Renderer } from '../../src/runtime/deps';
import { escapeMrkdwn, slackText } from './render';

/** Assets that need the city listed at most (the rest are counted). */
export const NEEDS_CITY_LIMIT = 10;

export interface AdoptionsCommandDeps {
  adoptions: AdoptionSummaries;
  i18n: Renderer;
  timezone: string;
  now: () => Date;
}

const round = (n: number): string => (Math.round(n * 1e5) / 1e5).toFixed(5);

export async function adoptionsAnswer(deps: AdoptionsCommandDeps, type: string | undefined, locale: string): Promise<string> {
  const t = (key: string, args?: Record<string, string>): string => slackText(deps.i18n, `slack.${key}`, locale, args);
  const known = deps.adoptions.types();
  if (known.length === 0) return t('adoptions_none');
  const wanted = type?.toLowerCase();
  if (wanted !== undefined && !known.includes(wanted)) {
    return t('adoptions_unknown_type', { type: escapeMrkdwn(type!.slice(0, 80)), types: known.map((k) => `\`${escapeMrkdwn(k)}\``).join(', ') });
  }
  const s = await deps.adoptions.summary({ locale, now: deps.now(), limit: NEEDS_CITY_LIMIT, ...(wanted !== undefined ? { type: wanted } : {}) });
  const date = new Intl.DateTimeFormat(locale, { numberingSystem: 'latn', dateStyle: 'medium', timeZone: deps.timezone });
  const lines = [t('adoptions_title')];
  for (const row of s.types) {
    lines.push(
      t('adoptions_line', {
        label: escapeMrkdwn(row.label),
        type: escapeMrkdwn(row.type),
        adopted: String(row.adopted),
        free: String(row.free),
        cleared: String(row.cleared),
        needs_city: String(row.needsCity),
      }),
    );
  }
  lines.push(t('adoptions_needs_title'));
  if (s.needsCity.length === 0) lines.push(t('adoptions_needs_none'));
  for (const a of s.needsCity) {
    const [lat, lon] = [round(a.lat), round(a.lon)];
    const map = `<https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=18/${lat}/${lon}|${escapeMrkdwn(t('adoptions_map'))}>`;
    lines.push(t('adoptions_needs_line', { id: escapeMrkdwn(a.assetId), name: escapeMrkdwn(a.name), lat, lon, map, date: date.format(new Date(a.reportedAt)) }));
  }
  if (s.moreNeedsCity > 0) lines.push(t('adoptions_needs_more', { count: String(s.moreNeedsCity) }));
  lines.push(t('adoptions_note'));
  return lines.join('\n');
}
