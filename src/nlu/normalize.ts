/**
 * Text normalisation for matching what people type against choices and command words:
 * lower case, accents removed (so "menú" matches "menu"), punctuation folded to spaces.
 */
export function normalize(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}/@.+\-\s]/gu, ' ')
    .replace(/[.\-]+(\s|$)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Words of a normalised text. */
export function words(text: string): string[] {
  return normalize(text)
    .split(' ')
    .filter((w) => w.length > 0);
}
