/**
 * The little HTML the public results pages need: escaping every text that goes into a page (the
 * pages are strings built in code, no template engine), and the `Html` marker for markup that is
 * already safe, so a caller cannot forget which is which.
 */

/** Markup that is safe to insert as is (built by `html` or `raw` from escaped parts). */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Escapes text for element content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${String(ch.charCodeAt(0))};`);
}

type Part = Html | string | number | null | undefined | false | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return (part as readonly Part[]).map(render).join('');
  return escapeHtml(String(part as string | number));
}

/** A tagged template: interpolated strings and numbers are escaped, `Html` values and arrays of them are not. */
export function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  let out = strings[0] ?? '';
  parts.forEach((p, i) => {
    out += render(p) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** Trusted markup (constants written in code). */
export const raw = (s: string): Html => new Html(s);
