/** GeoReport v2: `description` "may contain line breaks, but not html or code", at most 4,000 characters. */
export const MAX_DESCRIPTION_LENGTH = 4000;

const TAG = /<\/?[A-Za-z!?][^<>]*>/g;
const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    const lower = name.toLowerCase();
    if (lower.startsWith('#x')) return safeCodePoint(parseInt(lower.slice(2), 16)) ?? whole;
    if (lower.startsWith('#')) return safeCodePoint(parseInt(lower.slice(1), 10)) ?? whole;
    return ENTITIES[lower] ?? whole;
  });
}

function safeCodePoint(n: number): string | undefined {
  return Number.isInteger(n) && n > 0 && n <= 0x10ffff && (n < 0xd800 || n > 0xdfff) ? String.fromCodePoint(n) : undefined;
}

function stripTags(text: string): string {
  let previous: string;
  let current = text;
  do {
    previous = current;
    current = current.replace(TAG, ' ');
  } while (current !== previous);
  return current;
}

/**
 * The person's text as plain text for Open311: tags removed (also ones hidden behind
 * entities such as `&lt;b&gt;`), entities decoded, control characters other than line breaks
 * and tabs dropped, runs of spaces collapsed, and cut to `max` UTF-16 code units without
 * splitting a surrogate pair (an ellipsis marks a cut).
 */
export function plainTextDescription(text: string, max: number = MAX_DESCRIPTION_LENGTH): string {
  let plain = stripTags(decodeEntities(stripTags(text.replace(/\r\n?/g, '\n'))));
  // Any '<' left cannot start a tag (TAG removed them all); keep it, it is ordinary text ("a < b").
  plain = plain
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/(?<! ) *\n *|\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (plain.length <= max) return plain;
  let cut = max - 1;
  const code = plain.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1; // do not leave half a surrogate pair
  return `${plain.slice(0, cut).trimEnd()}…`;
}
