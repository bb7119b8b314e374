import type { Env } from './env';
import { expectedPromptKind } from './expected-prompt';
import type { FlowDef, PromptKind } from './flow';
import type { Input } from './input';
import type { ParticipationModule, ResultKind } from './module';
import type { Session } from './session';
import { runStep, type NoticeHandlers, type PayloadResolver } from './step';
import type { StepResult } from './step-result';
import type { Flows } from './turn';
import type { GeocodeRequest } from '../geo/types';
import { placeQuery } from './place-query';

/** The engine for one set of participation modules (built once, by the composition root). */
export interface Engine {
  step(session: Session, input: Input, env: Env): StepResult;
  /** The `once` scopes this turn may start answering (the modules' onceScopes), deduplicated. */
  onceScopes(session: Session, input: Input, env: Env): string[];
  /** Every `once` scope the modules' results may use (the modules' allOnceScopes), deduplicated. */
  allOnceScopes(env: Env): string[];
  /** The place this turn's input asks the geocoder for, if any (see place-query.ts). */
  placeQuery(session: Session, input: Input, env: Env): GeocodeRequest | null;
  /** The kind of answer the open question takes (see expected-prompt.ts). */
  expectedPrompt(session: Session, env: Env): PromptKind | null;
  /** Every result kind the modules submit, by kind. */
  resultKinds: Readonly<Record<string, ResultKind>>;
  modules: readonly ParticipationModule[];
}

/**
 * Flattens the modules' flows, deep links and result kinds. Fails at start, naming the module,
 * when two modules claim one flow id or one result kind.
 */
export function createEngine(modules: readonly ParticipationModule[]): Engine {
  const flows: Record<string, FlowDef> = {};
  const resultKinds: Record<string, ResultKind> = {};
  for (const m of modules) {
    for (const flow of m.flows) {
      if (flows[flow.id]) throw new Error(`participation module ${m.id}: flow id '${flow.id}' is already taken`);
      flows[flow.id] = flow;
    }
    for (const [kind, spec] of Object.entries(m.results ?? {})) {
      if (resultKinds[kind]) throw new Error(`participation module ${m.id}: result kind '${kind}' is already taken`);
      resultKinds[kind] = spec;
    }
  }
  const links = modules.flatMap((m) => m.deepLinks ?? []);
  const resolvePayload: PayloadResolver = (payload, env) => {
    for (const link of links) {
      const target = link(payload, env);
      if (target) return target;
    }
    return null;
  };
  const frozen: Flows = flows;
  const escapes = modules.flatMap((m) => (m.escape ? [m.escape.bind(m)] : []));
  const notices: Record<string, NoticeHandlers[string]> = {};
  for (const m of modules) for (const [name, handler] of Object.entries(m.notices ?? {})) notices[`${m.id}.${name}`] = handler;
  return {
    step: (session, input, env) => runStep(session, input, env, frozen, resolvePayload, notices, escapes),
    onceScopes: (session, input, env) => {
      const scopes = new Set<string>();
      for (const m of modules) for (const scope of m.onceScopes?.(session, input, env) ?? []) scopes.add(scope);
      return [...scopes];
    },
    allOnceScopes: (env) => [...new Set(modules.flatMap((m) => m.allOnceScopes?.(env) ?? []))],
    placeQuery: (session, input, env) => placeQuery(session, input, env, frozen),
    expectedPrompt: (session, env) => expectedPromptKind(session, env, frozen),
    resultKinds,
    modules,
  };
}
