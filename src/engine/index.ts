/**
 * The conversation engine: pure functions from (session, input, env) to (session, events).
 * Most callers need `step`, `newSession`, `restoreSession` and the types.
 */
import { FLOWS, resolvePayload } from '../../dialogs';
import type { Env } from './env';
import { expectedPromptKind } from './expected-prompt';
import type { PromptKind } from './flow';
import type { Input } from './input';
import type { Session } from './session';
import { runStep } from './step';
import type { StepResult } from './step-result';

/** One turn with WeGov's own flows (dialogs/). */
export function step(session: Session, input: Input, env: Env): StepResult {
  return runStep(session, input, env, FLOWS, resolvePayload);
}

/** The kind of answer the open question takes, with WeGov's own flows (see expected-prompt.ts). */
export function expectedPrompt(session: Session, env: Env): PromptKind | null {
  return expectedPromptKind(session, env, FLOWS);
}

export { newSession, type SessionInit } from './new-session';
export { restoreSession } from './restore-session';
export { negotiateLocale, localized } from './locale';
export { applyLocaleHint } from './locale-hint';
export { runStep } from './step';
export { DEFAULT_LIMITS } from './env';
export type { Env, EngineLimits } from './env';
export type { Input, CaseStatus, CommandName } from './input';
export type { EngineEvent } from './events';
export type { OutMessage, OutChoice, Expects } from './message';
export type { Report, ReportRef, ReportContact, ReportLocation } from './report';
export type { Session, Frame } from './session';
export type { StepResult } from './step-result';
export type { Text, TextArg } from './text';
