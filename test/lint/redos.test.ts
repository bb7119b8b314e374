/**
 * Every regular expression in src/, dialogs/ and adapters/ must run in linear time: one with
 * super-linear backtracking lets a single long message block the event loop for everyone
 * (issue 9: 20,000 dots at the menu cost ~0.5 s of CPU). Checked with recheck
 * (makenowjust-labs), which proves safety with automata theory where it can and fuzzes with a
 * seeded generator where it cannot. The configuration is fixed and has no time limits, so the
 * verdict depends on the pattern only, never on how busy the machine is.
 */
import { RECHECK_PARAMS } from '../../src/catalog/condition-pattern';
import { checkSync, type Diagnostics } from 'recheck';
import { findRegexes, sourceFiles, type FoundRegex } from './find-regexes';

const ROOT = `${__dirname}/../..`;
const FOLDERS = ['src', 'dialogs', 'adapters'];

/** Deterministic: a fixed seed, and step limits (recheck's defaults) instead of time limits. */
const PARAMS = RECHECK_PARAMS;

/**
 * `new RegExp(...)` calls whose source is not a constant, each with the reason it is safe.
 * Keep it empty: build patterns from constants, or escape and bound what is interpolated.
 */
const REVIEWED_DYNAMIC: Record<string, string> = {
  // A consultation's `matches` condition: the catalogue refuses unsafe patterns at load (recheck).
  "dialogs/consultation/conditions.ts:new RegExp(condition.pattern, 'iu')": 'checked at catalogue load',
  // The catalogue compiles it once, only to report a syntax error, before recheck proves it linear.
  'src/catalog/condition-pattern.ts:new RegExp(pattern, CONDITION_PATTERN_FLAGS)': 'at most 200 characters, checked by recheck in the same module',
};

const verdicts = new Map<string, Diagnostics>();
function check(source: string, flags: string): Diagnostics {
  const key = `/${source}/${flags}`;
  let verdict = verdicts.get(key);
  if (!verdict) {
    verdict = checkSync(source, flags, PARAMS);
    verdicts.set(key, verdict);
  }
  return verdict;
}

/** One line per unsafe pattern: where, what, why, and the string that makes it slow. */
function explain(r: Extract<FoundRegex, { kind: 'static' }>, d: Diagnostics): string {
  const where = `${r.file}:${r.line} /${r.source}/${r.flags}`;
  if (d.status === 'vulnerable') return `${where}: ${d.complexity.summary}; attack string ${d.attack.pattern}`;
  if (d.status === 'unknown') return `${where}: not analysable (${d.error.kind}${'message' in d.error ? `: ${d.error.message}` : ''})`;
  return `${where}: safe`;
}

describe('regular expressions (ReDoS)', () => {
  const found = sourceFiles(ROOT, FOLDERS).flatMap((file) => findRegexes(ROOT, file));

  it('finds the regular expressions of the code base', () => {
    // A sanity floor: an extractor that silently finds nothing would pass every check below.
    expect(found.filter((r) => r.kind === 'static').length).toBeGreaterThan(50);
    expect(found).toContainEqual(expect.objectContaining({ file: 'src/nlu/normalize.ts', kind: 'static' }));
  });

  it('flags the quadratic patterns of issue 9 (the analyser works)', () => {
    // normalize.ts and location.ts before the fix: 20,000 dots, or a digit and spaces.
    expect(check('[.\\-]+(\\s|$)', 'g').status).toBe('vulnerable');
    expect(check('^\\s*(-?\\d{1,2}(?:\\.\\d+)?)\\s*[,;\\s]\\s*(-?\\d{1,3}(?:\\.\\d+)?)\\s*$', '').status).toBe('vulnerable');
    expect(check('^\\d{1,3}$', '').status).toBe('safe');
  });

  it('has no pattern with super-linear backtracking', () => {
    const unsafe = found
      .filter((r): r is Extract<FoundRegex, { kind: 'static' }> => r.kind === 'static')
      .map((r) => ({ r, d: check(r.source, r.flags) }))
      .filter(({ d }) => d.status !== 'safe')
      .map(({ r, d }) => explain(r, d));
    expect(unsafe).toEqual([]);
  });

  it('builds no pattern from a source it cannot check', () => {
    const dynamic = found
      .filter((r): r is Extract<FoundRegex, { kind: 'dynamic' }> => r.kind === 'dynamic')
      .filter((r) => !(`${r.file}:${r.code}` in REVIEWED_DYNAMIC))
      .map((r) => `${r.file}:${r.line} ${r.code}`);
    expect(dynamic).toEqual([]);
  });
});
