import { commandOf } from './commands';
import type { Env } from './env';
import type { Input } from './input';
import type { Session } from './session';
import { FORGET_FLOW, MY_DATA_FLOW } from './step';

/**
 * True when an input exercises the person's data rights: it asks for "my data" or "delete my
 * data", or answers one of those dialogs while it is open. A staff block stops reports, never
 * these (runtime/sender-gate.ts lets such a turn through).
 */
export function isDataRightsTurn(input: Input, session: Pick<Session, 'stack'> | null, env: Env): boolean {
  const command = commandOf(input, env);
  if (command === 'forget' || command === 'my_data') return true;
  if (command !== null || session === null) return false;
  const top = session.stack[session.stack.length - 1];
  return top?.flow === FORGET_FLOW || top?.flow === MY_DATA_FLOW;
}
