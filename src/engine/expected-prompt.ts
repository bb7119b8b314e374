import type { Env } from './env';
import type { PromptKind } from './flow';
import { currentStep } from './frame-runner';
import type { Session } from './session';
import { Turn, type Flows } from './turn';

/**
 * The kind of answer the conversation's open question takes (`photo`, `text`, ...), or null when
 * no question is open (no dialog, none asked yet, or a dialog that the next turn restarts
 * because it was written by an older version that cannot be migrated). Pure, and it changes
 * nothing: adapters ask the runtime (src/runtime/awaiting-photo.ts) before they do costly work
 * for an input, e.g. decode and store a photo nobody asked for.
 */
export function expectedPromptKind(session: Session, env: Env, flows: Flows): PromptKind | null {
  const top = session.stack[session.stack.length - 1];
  if (!top || top.current === null) return null;
  const flow = flows[top.flow];
  if (!flow) return null;
  const frame = top.version === flow.version ? top : flow.migrate?.(structuredClone(top), env);
  if (!frame || frame.version !== flow.version) return null;
  const turn = new Turn(session, env, flows);
  return currentStep(turn, frame)?.prompt.kind ?? null;
}
