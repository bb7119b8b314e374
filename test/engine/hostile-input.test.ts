/**
 * Issue 9: hostile typed text at every question the demo deployment asks (found by walking the
 * engine: bench/question-positions.ts), in every shipped language. Bounded and seeded: 10,000
 * inputs, each stepped sanitised (as runTurn passes it) and, when sanitising changed it, raw
 * too (what a careless caller might pass). Timing is the benchmark's job
 * (bench/hostile-input.ts), not this test's.
 */
import fc from 'fast-check';
import { type Env, type EngineEvent, type Input, type Session } from '../../src/engine';
import { step } from '../../dialogs';
import { sanitizeInput } from '../../src/engine/sanitize-text';
import { sessionSchema } from '../../src/engine/session-schema';
import { HOSTILE_TEXTS } from '../../bench/hostile-input';
import { questionPositions, type QuestionPosition } from '../../bench/question-positions';
import { testEnv } from '../support/engine-env';

/** What sanitised text may never hold: lone surrogates, controls but \n and \t, bidi controls, invisibles. */
const FORBIDDEN = /[\uD800-\uDFFF\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u200B\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/u;

/** Pieces hostile text is made of: separators, digits, scripts, marks, joiners, controls, halves of pairs. */
const piece = fc.oneof(
  fc.constantFrom('.', '-', ' ', '  ', '\t', '\n', '\r\n', '1', '12', '٣', '۳', ',', ';', '،', '؛', ':', '/', '?', '؟', '@', '+', '&', '<', '*'),
  fc.constantFrom('a', 'y', 'e', 'and', 'و', 'ال', 'yes', 'no', 'sí', 'menu', 'skip', 'done', 'pothole', 'bache', 'حفرة', 'ayer', 'yesterday', '9pm', '30.27', '-97.74'),
  fc.constantFrom('\u0301', '\u0640', '\u200B', '\u200C', '\u200D', '\u202E', '\u2066', '\uFEFF', '\u0000', '\u0007', '\u0085', '\u2028', '\uD83D', '\uDE00', '👩', '🕳️', 'é', '𝔘'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 2 }),
);

/** Short texts of any mix, and long runs of a small repeated unit (the ReDoS shapes), up to 20,000 characters. */
const hostileText = fc.oneof(
  { weight: 6, arbitrary: fc.array(piece, { maxLength: 40 }).map((parts) => parts.join('')) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.array(piece, { minLength: 1, maxLength: 3 }), fc.integer({ min: 100, max: 20_000 }), fc.array(piece, { maxLength: 2 }))
      .map(([unit, length, tail]) => unit.join('').repeat(Math.ceil(length / Math.max(1, unit.join('').length))).slice(0, length) + tail.join('')),
  },
  { weight: 1, arbitrary: fc.constantFrom(...Object.values(HOSTILE_TEXTS)) },
).map((text) => ({
  text,
  // A counterexample of 20,000 characters is unreadable: report its start and length.
  [fc.toStringMethod]: () => `${JSON.stringify(text.slice(0, 80))}${text.length > 80 ? ` … (${text.length} UTF-16 units)` : ''}`,
}));

const strings = (value: unknown): string[] => {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
};

/** The answer the step stored for the position's question, if it accepted one. */
function accepted(position: QuestionPosition, after: Session): unknown {
  const before = position.session.stack[position.session.stack.length - 1];
  const frame = after.stack.find((f) => f.flow === before?.flow);
  const stepId = before?.current;
  if (!frame || !stepId || !(stepId in frame.answers) || stepId in (before?.answers ?? {})) return undefined;
  return frame.answers[stepId];
}

/** A stored answer is well-formed for its kind of question (null is a skip). */
function expectWellFormed(position: QuestionPosition, value: unknown): void {
  if (value === null || value === undefined) return;
  switch (position.kind) {
    case 'number':
      expect(typeof value === 'number' && Number.isFinite(value)).toBe(true);
      return;
    case 'datetime':
      expect(typeof value === 'string' && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString() === value).toBe(true);
      return;
    case 'yesno':
      expect(typeof value).toBe('boolean');
      return;
    case 'location': {
      const loc = value as { lat?: number; lon?: number; address?: string };
      if (loc.address !== undefined) {
        expect(loc.address.length).toBeGreaterThanOrEqual(5);
        expect(loc.address.length).toBeLessThanOrEqual(200);
        expect(loc.address).toBe(loc.address.trim());
        expect(loc.address).not.toMatch(/\s{2}|[\n\t]/);
      } else {
        expect(Math.abs(loc.lat ?? NaN)).toBeLessThanOrEqual(90);
        expect(Math.abs(loc.lon ?? NaN)).toBeLessThanOrEqual(180);
      }
      return;
    }
    case 'choice':
      for (const id of Array.isArray(value) ? value : [value]) {
        // A choice with "Other" may hold the typed text: `{ other }` (at most 200 characters, trimmed).
        if (typeof id === 'object' && id !== null && !Array.isArray(id)) {
          const other = (id as { other?: unknown }).other;
          expect(typeof other === 'string' && other.length > 0 && other === other.trim() && [...other].length <= 200).toBe(true);
        } else expect(typeof id === 'string' && id.length > 0 && id.length <= 100).toBe(true);
      }
      return;
    case 'text':
      expect(typeof value === 'string' && value.length > 0 && value === value.trim() && [...value].length <= 4000).toBe(true);
      return;
    default:
      return;
  }
}

/** Plain checks in the hot loop (jest's matchers on 20,000-character strings are slow). */
function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(what);
}

function stepChecked(env: Env, position: QuestionPosition, input: Input): { session: Session; events: EngineEvent[] } {
  const result = step(position.session, input, env); // throws = the test fails
  check(sessionSchema.safeParse(result.session).success, 'the session is no longer valid');
  // An effect the runtime answers in the same turn (a place on a shift) counts as an answer under way.
  check(result.events.some((e) => e.type === 'message_sent' || e.type === 'effect_requested'), 'the person got no answer');
  check(result.session.stack.length <= 2, 'the dialog stack grew');
  return result;
}

describe('hostile text at every question', () => {
  let env: Env;
  let positions: QuestionPosition[];
  beforeAll(async () => {
    env = (await testEnv()).env;
    positions = env.locales.flatMap((locale) => questionPositions(env, locale));
  });

  it('walks to every kind of question of the demo deployment', () => {
    const kinds = new Set(positions.map((p) => p.kind));
    for (const kind of ['choice', 'yesno', 'text', 'number', 'datetime', 'location', 'photo', 'review'] as const) expect(kinds).toContain(kind);
    expect(positions.map((p) => p.name)).toContain('agency_question');
  });

  it('never throws, keeps the session valid, and stores only well-formed answers (10,000 inputs)', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.nat(), hostileText, (n, { text }) => {
        const position = positions[n % positions.length]!;
        seen.add(position.name);
        const input = sanitizeInput({ kind: 'text', text });
        if (input.kind === 'text' && input.text !== text) stepChecked(env, position, { kind: 'text', text }); // raw, when it differs
        const clean = stepChecked(env, position, input);
        for (const s of [...strings(clean.session), ...strings(clean.events)]) {
          check(!FORBIDDEN.test(s), `forbidden character in ${JSON.stringify(s.slice(0, 80))}`);
          check(s === s.normalize('NFC'), `not NFC: ${JSON.stringify(s.slice(0, 80))}`);
        }
        expectWellFormed(position, accepted(position, clean.session));
      }),
      { seed: 20261130, numRuns: 10_000 },
    );
    expect(seen.size).toBe(positions.length);
  });
});
