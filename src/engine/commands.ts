import { normalize } from '../nlu/normalize';
import type { Env } from './env';
import type { CommandName, Input } from './input';

const COMMANDS: readonly CommandName[] = ['menu', 'back', 'cancel', 'help', 'language', 'forget'];

/**
 * The global command an input asks for, if any. Typed command words are accepted in every
 * shipped language (a Spanish speaker whose session is in English can still type "ayuda"),
 * as the whole message only, so a description that merely contains "help" is not a command.
 */
export function commandOf(input: Input, env: Env): CommandName | null {
  if (input.kind === 'command') return input.command;
  if (input.kind !== 'text') return null;
  const said = normalize(input.text).replace(/^\//, '');
  if (said.length === 0 || said.length > 40) return null;
  for (const command of COMMANDS) {
    for (const locale of Object.keys(env.commandWords)) {
      const list = env.commandWords[locale]?.[command] ?? [];
      if (list.some((w) => normalize(w).replace(/^\//, '') === said)) return command;
    }
  }
  return null;
}
