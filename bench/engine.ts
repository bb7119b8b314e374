/**
 * The engine phase of `npm run bench`: `step` alone (no store, no rendering, no I/O) running the
 * 8-turn pothole report, against botbuilder-dialogs running the same report (botbuilder.ts) in
 * the same run. Both get the same warm-up, then alternate in rounds so that load from other
 * processes on the machine falls on both alike; the ratio is of their total turns over their
 * total time.
 */
import { performance } from 'node:perf_hooks';
import { newSession, type Env, type Input, type Session } from '../src/engine';
import { step } from '../dialogs';
import { benchBotbuilder } from './botbuilder';
import { REPORT_ANSWERS } from './report-script';

const START: Input = { kind: 'start', payload: 'report:pothole' };

export interface Rate {
  turns: number;
  seconds: number;
}

/** Complete reports through `step` for `seconds`. */
export function runEngineReports(env: Env, seconds: number, first = 0): Rate & { reports: number } {
  let turns = 0;
  let reports = 0;
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  while (performance.now() < deadline) {
    let session: Session = newSession({ id: `e${first + reports}`, channel: 'bench', locale: 'en', now: env.now() });
    for (const input of [START, ...REPORT_ANSWERS]) {
      let result = step(session, input, env);
      // The location asks for reports already made nearby (issue 16), an effect the runtime answers
      // within the same turn: here, as the store would with none near.
      for (const e of result.events) {
        if (e.type === 'effect_requested') result = step(result.session, { kind: 'effect_result', id: e.id, effect: e.effect, result: { outcome: 'found', reports: [] } }, env);
      }
      session = result.session;
      turns++;
    }
    if (session.stack[0]?.flow !== 'menu') throw new Error('engine bench: the report did not finish at the menu');
    reports++;
  }
  return { turns, reports, seconds: (performance.now() - t0) / 1000 };
}

const perSecond = (r: Rate): number => Math.round(r.turns / r.seconds);

/**
 * `seconds` for each side, in rounds of at most one second each, engine and botbuilder
 * alternating, after a short warm-up of both.
 */
export async function benchEngineVsBotbuilder(env: Env, seconds: number) {
  runEngineReports(env, 0.3);
  await benchBotbuilder(0.3);
  const engine: Rate = { turns: 0, seconds: 0 };
  const botbuilder: Rate = { turns: 0, seconds: 0 };
  let reports = 0;
  const rounds = Math.max(1, Math.ceil(seconds));
  for (let i = 0; i < rounds; i++) {
    const e = runEngineReports(env, seconds / rounds, reports);
    reports += e.reports;
    engine.turns += e.turns;
    engine.seconds += e.seconds;
    const b = await benchBotbuilder(seconds / rounds);
    botbuilder.turns += b.turns;
    botbuilder.seconds += b.seconds;
  }
  return {
    engine: { turnsPerSecond: perSecond(engine), reports },
    botbuilderDialogs: { turnsPerSecond: perSecond(botbuilder) },
    engineVsBotbuilder: Math.round((perSecond(engine) / perSecond(botbuilder)) * 10) / 10,
  };
}
