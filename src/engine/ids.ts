import type { Env } from './env';

/** Reference characters: no 0/O, 1/I/L or U/V look-alikes, so a reference read aloud or retyped survives. */
export const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTWXYZ';
export const REFERENCE_LENGTH = 6;

/**
 * A human-friendly case reference, e.g. WG-7K3QX9 (29^6, about 600 million): the next one the
 * runtime claimed (Env.nextReference), else drawn at random (the runtime claims it after the step).
 */
export function newReference(prefix: string, env: Env): string {
  const claimed = env.nextReference?.(prefix);
  if (claimed !== undefined) return claimed;
  let code = '';
  for (let i = 0; i < REFERENCE_LENGTH; i++) {
    code += REFERENCE_ALPHABET[Math.floor(env.random() * REFERENCE_ALPHABET.length)] ?? '2';
  }
  return `${prefix}-${code}`;
}

/** A random submission id in UUID v4 form, from the env's randomness. */
export function newSubmissionId(env: Env): string {
  let hex = '';
  while (hex.length < 32) hex += Math.floor(env.random() * 0x10000).toString(16).padStart(4, '0');
  const v = `4${hex.slice(13, 16)}`;
  const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16) + hex.slice(17, 20);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${v}-${variant}-${hex.slice(20, 32)}`;
}
