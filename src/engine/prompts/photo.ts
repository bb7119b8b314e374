import type { Input } from '../input';
import { t } from '../text';
import { answer, invalid, type Recognition } from './recognition';

export interface PhotoRules {
  maxBytes: number;
  types: readonly string[];
}

const TYPE_NAMES: Record<string, string> = { 'image/jpeg': 'JPEG', 'image/png': 'PNG', 'image/webp': 'WebP' };

/** Megabytes with one decimal, for messages. */
const mb = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(1);

/** A photo of an accepted type (as sniffed by the adapter) within the size limit. */
export function recognizePhoto(input: Input, rules: PhotoRules): Recognition {
  if (input.kind !== 'photo') return invalid('photo_expected', [t('errors.photo_expected')]);
  if (!rules.types.includes(input.contentType)) {
    const types = rules.types.map((type) => TYPE_NAMES[type] ?? type).join(', ');
    return invalid('photo_type', [t('errors.photo_type', { types })]);
  }
  if (input.bytes > rules.maxBytes) {
    return invalid('photo_too_large', [t('errors.photo_too_large', { size: mb(input.bytes), max: mb(rules.maxBytes) })]);
  }
  return answer({ mediaId: input.mediaId, contentType: input.contentType, bytes: input.bytes });
}
