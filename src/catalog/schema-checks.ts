import type { z } from 'zod';
import { listOrNone } from './schema-text';

/** Where cross-field checks report; the `refine` argument of a zod `superRefine`. */
type IssueSink = Pick<z.core.$RefinementCtx, 'addIssue'>;

/**
 * Reports each item whose `field` repeats an earlier item's, at `<base>[i].<field>`. Reads the
 * list defensively: it runs even when some items failed validation.
 */
export function reportDuplicates(refine: IssueSink, base: PropertyKey[], list: unknown, field: string, label: string): void {
  if (!Array.isArray(list)) return;
  const firstIndex = new Map<string, number>();
  list.forEach((item: unknown, index) => {
    const value = readId(item, field);
    if (value === undefined) return;
    const first = firstIndex.get(value);
    if (first === undefined) {
      firstIndex.set(value, index);
      return;
    }
    refine.addIssue({
      code: 'custom',
      path: [...base, index, field],
      message: `duplicate ${label} '${value}' (also used at index ${String(first)})`,
    });
  });
}

/**
 * Reports each category whose `field` (agency, group) names no item of `targets`, at
 * `categories[i].<field>`. An unset optional field is fine; an unreadable target list is reported elsewhere.
 */
export function reportUnknownReferences(refine: IssueSink, categories: unknown, field: string, targets: unknown, label: string): void {
  if (!Array.isArray(categories) || !Array.isArray(targets)) return;
  const known = targets.map((t: unknown) => readId(t, 'id')).filter((id) => id !== undefined);
  categories.forEach((category: unknown, index) => {
    const ref = readId(category, field);
    // A non-text reference is already reported as the wrong type.
    if (ref === undefined || typeof readField(category, field) !== 'string' || known.includes(ref)) return;
    const message = `unknown ${label} '${ref}' (${label === 'agency' ? 'agencies' : 'groups'} defined: ${listOrNone(known)})`;
    refine.addIssue({ code: 'custom', path: ['categories', index, field], message });
  });
}

/** A string or number property as text (service codes may still be numbers here), else undefined. */
function readId(item: unknown, field: string): string | undefined {
  const value = readField(item, field);
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

function readField(item: unknown, field: string): unknown {
  return typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[field] : undefined;
}
