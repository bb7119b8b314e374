/**
 * Case references in free text ("what happened to wg-7k3qx9?"): the deployment's prefix, a dash
 * or a space (or nothing), and six characters of the reference alphabet (src/engine/ids.ts: no
 * 0/O, 1/I/L or U/V). Typed in any case; the value is the reference as issued (WG-7K3QX9).
 */
export interface ReferenceEntity {
  text: string;
  start: number;
  end: number;
  /** As issued: `<PREFIX>-<CODE>`, upper case. */
  value: string;
}

/** The same characters as REFERENCE_ALPHABET in src/engine/ids.ts (a test keeps them equal). */
export const REFERENCE_CHARS = '23456789ABCDEFGHJKMNPQRSTWXYZ';
/** A word of 1-4 letters, an optional separator, then six reference characters, as a whole word. */
const REFERENCE = /(?<![\p{L}\p{N}])([A-Za-z]{1,4})[-\s]?([2-9A-HJKMNP-TW-Za-hjkmnp-tw-z]{6})(?![\p{L}\p{N}])/gu;

/** Every reference with `prefix` (e.g. WG) in `text`, in order. */
export function extractReferences(text: string, prefix: string): ReferenceEntity[] {
  const out: ReferenceEntity[] = [];
  for (const m of text.slice(0, 20_000).matchAll(REFERENCE)) {
    if ((m[1] ?? '').toUpperCase() !== prefix.toUpperCase()) continue;
    out.push({ text: m[0], start: m.index, end: m.index + m[0].length, value: `${prefix.toUpperCase()}-${(m[2] ?? '').toUpperCase()}` });
  }
  return out;
}
