/**
 * The conversation engine: pure functions from (session, input, env) to (session, events).
 * `createEngine(modules)` gives `step` for a set of participation modules (dialogs/index.ts
 * lists WeGov's own; the composition root passes them in). Most callers need `createEngine`,
 * `newSession`, `restoreSession` and the types.
 */
export { createEngine, type Engine } from './engine';
export type { ParticipationModule, MenuEntry, DeepLink, ResultKind } from './module';
export { newSession, type SessionInit } from './new-session';
export { restoreSession } from './restore-session';
export { negotiateLocale, localized } from './locale';
export { applyLocaleHint } from './locale-hint';
export { runStep } from './step';
export { DEFAULT_LIMITS } from './env';
export type { Env, EngineLimits } from './env';
export type { Input, CaseStatus, CommandName } from './input';
export type { EngineEvent } from './events';
export type { OutMessage, OutChoice, OutDocument, Expects } from './message';
export type { Report, ReportContact, ReportLocation } from './report';
export type { ResultRef } from './result-ref';
export type { Session, Frame } from './session';
export type { StepResult } from './step-result';
export type { Text, TextArg } from './text';
