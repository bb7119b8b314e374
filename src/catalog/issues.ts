import type { z } from 'zod';

type ZodIssue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;

/** A problem at a path of keys and indexes (see {@link formatPath} for the text form). */
export interface PathIssue {
  path: PropertyKey[];
  message: string;
}

/**
 * Operator-friendly wording for one parse: pass `errorMap` to `safeParse(..., { error, reportInput: true })`,
 * then `translate` the resulting issues. Messages set by the schema itself take precedence.
 */
export interface IssueTranslator {
  errorMap(issue: RawIssue): string | undefined;
  translate(issues: readonly ZodIssue[]): PathIssue[];
}

/** A translator for one parse (it remembers which keys each strict object accepts). */
export function createIssueTranslator(): IssueTranslator {
  // zod drops the schema from finished issues, so the accepted keys are noted, by input object, here.
  const knownKeys = new WeakMap<object, string[]>();
  const errorMap = (issue: RawIssue): string | undefined => {
    if (issue.code === 'unrecognized_keys' && typeof issue.input === 'object' && issue.input !== null) {
      knownKeys.set(issue.input, Object.keys(readShape(issue.inst) ?? {}));
    }
    return genericMessage(issue);
  };
  const translate = (issues: readonly ZodIssue[]): PathIssue[] =>
    toCatalogIssues(issues, [], (input) => (typeof input === 'object' && input !== null ? knownKeys.get(input) : undefined) ?? []);
  return { errorMap, translate };
}

function genericMessage(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'required' : `expected ${noun(issue.expected)}, got ${describe(issue.input)}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${show(issue.values[0])}`
        : `must be one of: ${issue.values.map(show).join(', ')}`;
    case 'too_small':
      if (issue.origin === 'array') return `needs at least ${String(issue.minimum)} item${issue.minimum === 1 ? '' : 's'}`;
      if (issue.origin === 'string') return issue.minimum === 1 ? 'must not be empty' : `must be at least ${String(issue.minimum)} characters`;
      return `must be ${issue.inclusive === false ? 'greater than' : 'at least'} ${String(issue.minimum)}`;
    case 'too_big':
      if (issue.origin === 'array') return `has more than ${String(issue.maximum)} items`;
      if (issue.origin === 'string') return `must be at most ${String(issue.maximum)} characters`;
      return `must be ${issue.inclusive === false ? 'less than' : 'at most'} ${String(issue.maximum)}`;
    default:
      return undefined;
  }
}

/**
 * Turns zod's issues into catalogue issues: one per unknown key (with a suggestion), and a failed
 * union replaced by the errors of the one branch that fits the value's shape, when there is one.
 */
function toCatalogIssues(
  issues: readonly ZodIssue[],
  prefix: readonly PropertyKey[],
  knownKeysOf: (input: unknown) => string[],
): PathIssue[] {
  return issues.flatMap((issue): PathIssue[] => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysOf(issue.input);
      return issue.keys.map((key) => ({ path: [...path, key], message: unknownKeyMessage(key, known) }));
    }
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const fitting = issue.errors.filter((branch) => !branch.every(isShapeMismatch));
      const [only] = fitting;
      if (fitting.length === 1 && only !== undefined) return toCatalogIssues(only, path, knownKeysOf);
    }
    return [{ path, message: issue.message }];
  });
}

/** `['categories', 3, 'name', 'pt BR']` -> `categories[3].name["pt BR"]`; `[]` -> `(root)`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(String(segment))) out += `${out === '' ? '' : '.'}${String(segment)}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out === '' ? '(root)' : out;
}

function isShapeMismatch(issue: ZodIssue): boolean {
  return issue.path.length === 0 && issue.code === 'invalid_type';
}

function readShape(inst: unknown): Record<string, unknown> | undefined {
  if (typeof inst !== 'object' || inst === null || !('shape' in inst)) return undefined;
  const shape: unknown = inst.shape;
  return typeof shape === 'object' && shape !== null ? (shape as Record<string, unknown>) : undefined;
}

function unknownKeyMessage(key: string, known: readonly string[]): string {
  const suggestion = closest(key, known);
  const hint = suggestion !== undefined ? ` (did you mean '${suggestion}'?)` : known.length > 0 ? ` (expected: ${known.join(', ')})` : '';
  return `unknown key '${key}'${hint}`;
}

/** The known key within edit distance 2, a case/separator variant, or one the key starts (e.g. `anonymous`). */
function closest(key: string, known: readonly string[]): string | undefined {
  const squash = (s: string): string => s.toLowerCase().replace(/[-_\s]/g, '');
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const prefix = key.length >= 4 && squash(candidate).startsWith(squash(key));
    const distance = squash(candidate) === squash(key) ? 0 : prefix ? 1 : editDistance(key, candidate);
    if (distance <= 2 && (best === undefined || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function noun(expected: string): string {
  const nouns: Record<string, string> = {
    string: 'text',
    number: 'a number',
    int: 'a whole number',
    boolean: 'true or false',
    object: 'a mapping (key: value)',
    record: 'a mapping (key: value)',
    array: 'a list',
    tuple: 'a list',
  };
  return nouns[expected] ?? expected;
}

function describe(input: unknown): string {
  if (input === null) return 'nothing (null)';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a mapping';
  if (typeof input === 'string') return `text ${JSON.stringify(input)}`;
  return `${typeof input} ${String(input)}`;
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
}
