/**
 * Splitting long texts for channels that cap a message's length (Telegram's 4,096 characters,
 * Slack's section text). Lengths are UTF-16 code units, what a JavaScript string's `length`
 * counts (Telegram measures text, and entity offsets, in them too); a cut must only never fall
 * between the two halves of a surrogate pair (an emoji, a rare CJK character).
 *
 * Cut preference inside each window: the last paragraph break (`\n\n`), then the last line
 * break, then the last space; a break is only used if it keeps the part at least a quarter of
 * the window long (otherwise a stray early break would produce a flurry of tiny messages);
 * failing all that, a hard cut at the limit. The separator itself is dropped (the next message
 * starts a new bubble anyway); the words are never changed.
 */

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

/** Where to cut `text` (longer than `max`): the index the part ends at and where the next part starts. */
function findCut(text: string, max: number): { end: number; next: number } {
  const minPart = Math.max(1, Math.floor(max / 4));
  for (const separator of ['\n\n', '\n', ' ']) {
    // A separator starting at index i <= max leaves a part of exactly i units.
    const i = text.lastIndexOf(separator, max);
    if (i >= minPart) {
      let next = i + separator.length;
      // Swallow a run of the same kind of whitespace so the next part does not start blank.
      const run = separator === ' ' ? ' ' : '\n';
      while (next < text.length && text[next] === run) next += 1;
      return { end: i, next };
    }
  }
  // No usable break: hard cut, stepping back one unit rather than splitting a surrogate pair.
  const end = isHighSurrogate(text.charCodeAt(max - 1)) ? max - 1 : max;
  return { end, next: end };
}

/**
 * Splits `text` into parts of at most `max` UTF-16 code units, at paragraph, then line, then
 * word boundaries. A text within the limit is returned as is (one part). Parts that would be
 * blank are dropped (channels reject empty messages); an empty input gives an empty array.
 */
export function splitText(text: string, max: number): string[] {
  if (!Number.isInteger(max) || max < 2) throw new RangeError('max must be an integer of at least 2');
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const { end, next } = findCut(rest, max);
    parts.push(rest.slice(0, end));
    rest = rest.slice(next);
  }
  parts.push(rest);
  return parts.filter((p) => p.trim().length > 0);
}
