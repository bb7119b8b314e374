import { normalize } from '../nlu/normalize';
import type { Env } from './env';
import type { CommandName, Input } from './input';
import { vocabulary } from './vocabulary';

const COMMANDS: readonly CommandName[] = ['menu', 'back', 'cancel', 'help', 'language', 'forget', 'my_data'];

const slashless = (w: string): string => w.replace(/^\//, '');

/**
 * The global command an input asks for, if any. Typed command words are accepted in every
 * shipped language (a Spanish speaker whose session is in English can still type "ayuda"),
 * as the whole message only, so a description that merely contains "help" is not a command.
 */
export function commandOf(input: Input, env: Env): CommandName | null {
  if (input.kind === 'command') return input.command;
  if (input.kind !== 'text' || input.text.length > 40) return null;
  const said = slashless(normalize(input.text));
  if (said.length === 0) return null;
  for (const command of COMMANDS) {
    if (vocabulary(env, command).some((w) => slashless(w) === said)) return command;
  }
  return null;
}
