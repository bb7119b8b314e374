/**
 * The regular expressions of `matches` display conditions, checked once at load.
 *
 * A pattern runs on every text answer of a consultation, so one with super-linear backtracking
 * would let a single long answer block the event loop for everyone. recheck
 * (makenowjust-labs) decides whether a pattern is safe, as test/lint/redos.test.ts does for
 * WeGov's own patterns: with automata theory where it can, with a seeded fuzzer where it
 * cannot, and with step limits instead of time limits, so the verdict depends on the pattern
 * only. It is loaded on first use (its bundle takes ~0.1 s to load and its first check starts a
 * worker, ~0.2 s), so a catalogue without patterns pays nothing.
 */
import type { Diagnostics, Parameters } from 'recheck';

/** The flags a `matches` pattern is compiled with (case-insensitive, Unicode). */
export const CONDITION_PATTERN_FLAGS = 'iu';

/** Longer patterns are refused before any check (and are never needed for a display condition). */
export const MAX_CONDITION_PATTERN_LENGTH = 200;

/** Deterministic: a fixed seed, recheck's default step limits, no time limits (also the ReDoS lint's). */
export const RECHECK_PARAMS: Parameters = {
  checker: 'auto',
  randomSeed: 0,
  timeout: null,
  attackTimeout: null,
  incubationTimeout: null,
  seedingTimeout: null,
  recallTimeout: -1, // negative: no recall validation (it is timed)
};

const verdicts = new Map<string, string | undefined>();

/** Why `pattern` cannot be a display condition (too long, invalid, or unsafe), or undefined when it can. */
export function conditionPatternProblem(pattern: string): string | undefined {
  if (pattern.length > MAX_CONDITION_PATTERN_LENGTH) {
    return `a pattern may be at most ${String(MAX_CONDITION_PATTERN_LENGTH)} characters (it has ${String(pattern.length)})`;
  }
  if (verdicts.has(pattern)) return verdicts.get(pattern);
  const problem = compileProblem(pattern) ?? safetyProblem(pattern);
  verdicts.set(pattern, problem);
  return problem;
}

function compileProblem(pattern: string): string | undefined {
  try {
    // Reviewed dynamic pattern (test/lint/redos.test.ts): only compiled here, to report syntax errors.
    new RegExp(pattern, CONDITION_PATTERN_FLAGS);
    return undefined;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    return `not a valid regular expression: ${error.message}`;
  }
}

function safetyProblem(pattern: string): string | undefined {
  const d = checkSync(pattern, CONDITION_PATTERN_FLAGS, RECHECK_PARAMS);
  if (d.status === 'safe') return undefined;
  if (d.status === 'vulnerable') {
    return `the pattern can take ${d.complexity.summary} time on some answers (e.g. ${JSON.stringify(d.attack.pattern)}): rewrite it without nested or overlapping repetition`;
  }
  return `the pattern could not be proved safe (${d.error.kind}): simplify it`;
}

/** recheck, loaded on first use. */
function checkSync(source: string, flags: string, params: Parameters): Diagnostics {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy: most catalogues have no pattern
  const recheck = require('recheck') as typeof import('recheck');
  return recheck.checkSync(source, flags, params);
}
