import { type Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import type { CatalogIssue } from './errors';
import { withOneByteStrings } from './one-byte-strings';

/**
 * Keys whose values are identifiers or phone numbers even when written as YAML numbers:
 * `service_code: 001` must stay "001", not become 1.
 */
const VERBATIM_NUMBER_KEYS = new Set(['service_code', 'key', 'number', 'emergency_number']);

/** A parsed YAML file, or its syntax errors. */
export type ParsedYaml =
  | { ok: true; value: unknown; lineOf(path: readonly PropertyKey[]): number | undefined }
  | { ok: false; issues: CatalogIssue[] };

/**
 * Parses YAML 1.2 text. Syntax errors (including duplicate keys) come back as issues whose path
 * is `line L, column C`. Numbers under {@link VERBATIM_NUMBER_KEYS} keep their source text.
 * Strings come back one-byte where their characters allow (one-byte-strings.ts).
 */
export function parseYaml(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, merge: true });
  const [first] = doc.errors;
  if (first) {
    // One mistake (a tab, a bad indent, an unclosed quote) makes the parser stumble over much of
    // what follows: only the first error is the author's; the rest usually go away with it.
    const { line, col } = lineCounter.linePos(first.pos[0]);
    const more = doc.errors.length > 1 ? ' (fix this first: the parser may be confused by it further down)' : '';
    return { ok: false, issues: [{ path: `line ${line}, column ${col}`, message: `YAML syntax error: ${firstLine(first.message)}${more}` }] };
  }
  const aliasIssues = unresolvedAliases(doc, lineCounter);
  if (aliasIssues.length > 0) return { ok: false, issues: aliasIssues };
  keepNumbersVerbatim(doc);
  let value: unknown;
  try {
    value = withOneByteStrings(doc.toJS({ maxAliasCount: 100 }));
  } catch (error) {
    // yaml throws ReferenceError for alias abuse (e.g. "excessive alias count"): a file problem.
    if (!(error instanceof ReferenceError)) throw error;
    return { ok: false, issues: [{ path: '(root)', message: `YAML error: ${error.message}` }] };
  }
  return { ok: true, value, lineOf: (path) => lineOf(doc, lineCounter, path) };
}

/** `*name` with no `&name` before it: yaml reports these only when converting, by throwing. */
function unresolvedAliases(doc: Document, lines: LineCounter): CatalogIssue[] {
  const issues: CatalogIssue[] = [];
  visit(doc, {
    Alias(_, alias) {
      if (alias.resolve(doc) !== undefined) return;
      const start = rangeStart(alias) ?? 0;
      const { line, col } = lines.linePos(start);
      const message = `YAML error: unknown alias *${alias.source} (define &${alias.source} before using it)`;
      issues.push({ path: `line ${line}, column ${col}`, message });
    },
  });
  return issues;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

function keepNumbersVerbatim(doc: Document): void {
  visit(doc, {
    Pair(_, pair) {
      const { key, value } = pair;
      if (!isScalar(key) || !VERBATIM_NUMBER_KEYS.has(String(key.value))) return;
      if (isScalar(value) && typeof value.value === 'number' && value.source !== undefined) value.value = value.source;
    },
  });
}

/** The line of the node at `path`, or of its nearest ancestor that exists (for missing keys). */
function lineOf(doc: Document, lines: LineCounter, path: readonly PropertyKey[]): number | undefined {
  let node: unknown = doc.contents;
  let at: number | undefined = rangeStart(node);
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (pair === undefined) break;
      at = rangeStart(pair.key) ?? at;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      if (node === undefined) break;
      at = rangeStart(node) ?? at;
    } else {
      break;
    }
  }
  return at === undefined ? undefined : lines.linePos(at).line;
}

function rangeStart(node: unknown): number | undefined {
  if (typeof node !== 'object' || node === null || !('range' in node)) return undefined;
  const range: unknown = node.range;
  return Array.isArray(range) && typeof range[0] === 'number' ? range[0] : undefined;
}
