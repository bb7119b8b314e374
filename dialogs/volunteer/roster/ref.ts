/**
 * A volunteer's reference on one shift's roster (issue 13): what staff see beside "Volunteer 3"
 * and what a staff channel's "Mark attended" button carries. A keyed hash (HMAC-SHA256 with the
 * deployment's link secret, node:crypto) of the shift and the sign-up: opaque, stable for as long
 * as the sign-up stands, different on every shift for the same person, and useless for naming
 * anyone on another shift. Eight characters of Crockford's base32 (40 bits): unique enough
 * within one shift's few hundred places, and easy to read out loud.
 */
import crypto from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const REF_LENGTH = 8;
/** What a reference looks like (a value from a button is checked against it before anything is looked up). */
export const ROSTER_REF = /^[0-9A-HJKMNP-TV-Z]{8}$/;

export function volunteerRef(secret: string, shiftId: string, signUpId: string): string {
  const digest = crypto.createHmac('sha256', secret).update(`roster-ref\u0000${shiftId}\u0000${signUpId}`).digest();
  let out = '';
  for (let i = 0; i < REF_LENGTH; i += 1) out += ALPHABET[digest[i]! % 32];
  return out;
}
