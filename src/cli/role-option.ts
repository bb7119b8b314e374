import { ROLES, type Role } from '../config';

/** `wegov start --role web` / `--role=web`: the role; undefined without the flag; null when malformed. */
export function roleOption(args: readonly string[]): Role | undefined | null {
  if (args.length === 0) return undefined;
  const value = args[0] === '--role' && args.length === 2 ? args[1] : args.length === 1 ? /^--role=(.*)$/.exec(args[0] ?? '')?.[1] : undefined;
  return (ROLES as readonly string[]).includes(value ?? '') ? (value as Role) : null;
}
