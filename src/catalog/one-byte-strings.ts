/**
 * One-byte copies of the strings read from a file that also holds text past U+00FF.
 *
 * V8 keeps a string in one of two layouts: one byte per character when every character is at
 * most U+00FF, else two. A file read with `readFileSync(file, 'utf8')` is one string, and the
 * demo catalogue's Arabic names make it two-byte. Every string the YAML parser slices out of it
 * is then two-byte as well, even a plain ASCII id such as `pothole`. (csv-parse decodes each
 * field from bytes, so the gazetteer's fields are one-byte already.) Those ids and labels
 * end up in every session, reply and Redis command. A single two-byte string makes
 * `JSON.stringify`'s whole output two-byte, so each turn pays for it several times: the session's
 * JSON is twice the bytes in the process's cache, and each reply and commit is re-encoded from
 * UTF-16 to UTF-8 on its way to the socket. Measured on the web chat's HTTP turn: 5-7% of its
 * CPU (bench/http-cpu.ts, two builds alternated; README, Development).
 *
 * The copy is made once, when the file is loaded. Strings with a character past U+00FF (the
 * Arabic names) stay as they are. No library does this and Node has no call for it: a latin1
 * round trip through a Buffer does it, since Node builds latin1 text as a one-byte string.
 */

/** Every character fits in one byte (U+0000-U+00FF). */
const ONE_BYTE = /^[\u0000-\u00ff]*$/;

/** `text` in V8's one-byte layout when every character allows it (same characters, same value). */
export function oneByte(text: string): string {
  return ONE_BYTE.test(text) ? Buffer.from(text, 'latin1').toString('latin1') : text;
}

/**
 * A copy of parsed file data (plain objects, arrays, strings, numbers, booleans, null) whose
 * strings and object keys are one-byte wherever their characters allow. Other objects are
 * kept as they are.
 */
export function withOneByteStrings<T>(value: T): T {
  return copy(value) as T;
}

function copy(value: unknown): unknown {
  if (typeof value === 'string') return oneByte(value);
  if (Array.isArray(value)) return value.map(copy);
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  // fromEntries defines each key as an own property: a `__proto__` key stays a key.
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [oneByte(key), copy(item)]));
}
