/**
 * Hostile typed text, turn by turn (issue 9, finding 1): every text of HOSTILE_TEXTS (20,000
 * dots, a digit and 20,000 spaces, lone surrogates, bidi overrides, ...) at every question the
 * demo deployment asks, in every shipped language (bench/question-positions.ts), measured as
 * CPU time of one turn:
 *
 * - engine: the boundary's sanitising plus `step`, as runTurn runs them;
 * - runtimeMemory: the whole `runTurn` on the memory store (load, step, render, commit).
 *
 * Each pair runs three times and counts its median, so one garbage collection does not make a
 * slow input. Goal: the slowest hostile turn under 50 ms (each turn blocks the event loop).
 */
import { randomUUID } from 'node:crypto';
import { type Input } from '../src/engine';
import { step } from '../dialogs';
import { sanitizeInput } from '../src/engine/sanitize-text';
import { runTurn } from '../src/runtime/turn';
import type { Wiring } from '../src/server/compose';
import { questionPositions, type QuestionPosition } from './question-positions';
import { percentile } from './report-script';

const N = 20_000;
const rep = (unit: string, length = N): string => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

/** Inputs that cost super-linear time somewhere before issue 9, or might: named for the report. */
export const HOSTILE_TEXTS: Readonly<Record<string, string>> = {
  dots: rep('.'),
  dotsThenLetter: `${rep('.')}x`,
  dashesThenLetter: `${rep('-')}x`,
  digitThenSpaces: `1${rep(' ')}`,
  digitSpacesLetter: `1${rep(' ')}x`,
  digitThenTabs: `0\t${rep('\t')}`,
  digitsAndSpaces: rep('1 '),
  digits: rep('9'),
  arabicDigits: rep('٣'),
  commaList: rep('1,'),
  andList: rep('a and '),
  arabicAndList: rep('ب و '),
  colons: rep('12:'),
  slashesThenLetter: `${rep('/')}x`,
  questionMarksThenLetter: `${rep('?')}x`,
  spaces: rep(' '),
  newlines: rep('\n'),
  crlf: rep('\r\n'),
  longWord: rep('a'),
  manyWords: rep('pothole near the school '),
  arabicWords: rep('الحفرة '),
  dateWords: rep('yesterday at 9pm '),
  spanishDateWords: rep('ayer a las 9 de la noche '),
  emailLike: `${rep('a.')}@`,
  phoneLike: rep('+1 '),
  combiningMarks: `e${rep('\u0301')}`,
  emojiZwj: rep('\u{1F469}\u200D\u{1F4BB}'),
  loneSurrogates: rep('\uD83D'),
  bidiOverrides: rep('\u202Ea\u202C'),
  controls: rep('\u0000\u0007\u001B'),
  zeroWidth: rep('a\u200B'),
  mixedUnicode: rep('Ünïcödé ✓ حفرة 🕳️ é\u0301 ٣ 𝔘 \uFEFF '),
  almostCoordinates: rep('30.27 '),
};

export interface HostileFigures {
  texts: number;
  questions: number;
  /** CPU milliseconds of one turn (median of three runs per text and question). */
  engine: TurnFigures;
  runtimeMemory: TurnFigures;
  goalMs: number;
}

interface TurnFigures {
  slowestMs: number;
  slowest: { text: string; question: string };
  p99Ms: number;
  medianMs: number;
}

/** CPU milliseconds (user + system) that `fn` took. */
async function cpuMs(fn: () => unknown): Promise<number> {
  const before = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

async function median3(fn: () => unknown): Promise<number> {
  const runs = [await cpuMs(fn), await cpuMs(fn), await cpuMs(fn)].sort((a, b) => a - b);
  return runs[1] ?? 0;
}

function figures(samples: { ms: number; text: string; question: string }[]): TurnFigures {
  const sorted = [...samples].sort((a, b) => a.ms - b.ms);
  const worst = sorted[sorted.length - 1] ?? { ms: 0, text: '', question: '' };
  const ms = sorted.map((s) => s.ms);
  return {
    slowestMs: Math.round(worst.ms * 100) / 100,
    slowest: { text: worst.text, question: worst.question },
    p99Ms: percentile(ms, 99),
    medianMs: percentile(ms, 50),
  };
}

/** A conversation stored at `position`, for runTurn (a fresh id each time). */
async function plant(wiring: Wiring, position: QuestionPosition): Promise<string> {
  const conversationId = `hostile-${randomUUID()}`;
  const session = { ...structuredClone(position.session), id: conversationId };
  const committed = await wiring.runtime.store.commit({ conversationId, expectedVersion: 0, session, ttlSeconds: 600, history: [], publish: [], submissions: [] });
  if (!committed.ok) throw new Error(`could not store a session at ${position.name}`);
  return conversationId;
}

/** Runs every hostile text at every question; see the module comment. */
export async function benchHostileInput(wiring: Wiring): Promise<HostileFigures> {
  const env = wiring.runtime.env;
  // Each language has its own parsers (chrono's Spanish one was the slowest on spaces).
  const positions = env.locales.flatMap((locale) => questionPositions(env, locale));
  const texts = Object.entries(HOSTILE_TEXTS);
  // Warm up (JIT, chrono's and the stemmers' first use): an ordinary answer everywhere.
  for (const p of positions) for (const text of ['3', 'yesterday 9pm', 'pothole']) step(p.session, sanitizeInput({ kind: 'text', text }), env);

  const engine: { ms: number; text: string; question: string }[] = [];
  const runtime: { ms: number; text: string; question: string }[] = [];
  for (const p of positions) {
    for (const [name, text] of texts) {
      const input: Input = { kind: 'text', text };
      engine.push({ ms: await median3(() => step(p.session, sanitizeInput(input), env)), text: name, question: p.name });
      const ids = [await plant(wiring, p), await plant(wiring, p), await plant(wiring, p)];
      const turn = async (): Promise<void> => {
        const result = await runTurn(wiring.runtime, { conversationId: ids.pop() ?? '', channel: 'bench', input });
        if (result.kind !== 'ok') throw new Error(`hostile turn at ${p.name} gave ${result.kind}`);
      };
      runtime.push({ ms: await median3(turn), text: name, question: p.name });
    }
  }
  return { texts: texts.length, questions: positions.length, engine: figures(engine), runtimeMemory: figures(runtime), goalMs: 50 };
}
