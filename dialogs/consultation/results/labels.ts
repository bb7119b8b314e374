/**
 * Names a public reader sees for the values in a results summary: yes / no / other answers,
 * channels, languages and areas (district ids, "outside the districts", "not given").
 */
import type { Catalog } from '../../../src/catalog/types';
import { localized } from '../../../src/engine/locale';
import { ELSEWHERE, UNKNOWN_AREA, type Dimension } from './counters';
import type { Reader } from './reader';

const CHANNELS = new Set(['webchat', 'telegram', 'slack', 'botframework']);

/** An option's label: the summary's, or the shared word for yes, no and other. */
export function optionLabel(r: Reader, id: string, label: string): string {
  if (id === 'yes') return r.t('option_yes');
  if (id === 'no') return r.t('option_no');
  if (id === '_other') return r.t('other_option');
  return label;
}

/** A breakdown value's name (area values may already be district names: the summary names them). */
export function dimensionLabel(r: Reader, catalog: Catalog, dim: Dimension, value: string): string {
  if (dim === 'ch') return CHANNELS.has(value) ? r.t(`channel_${value}`) : value;
  if (dim === 'lang') return r.languages.find((l) => l.code === value)?.name ?? value;
  if (value === ELSEWHERE) return r.t('area_elsewhere');
  if (value === UNKNOWN_AREA) return r.t('area_unknown');
  const j = catalog.jurisdiction;
  const d = j.districts.find((x) => x.id === value);
  return d ? localized(d.name, r.lang.code, j.defaultLocale) : value;
}
