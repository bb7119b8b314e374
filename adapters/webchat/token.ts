import crypto from 'node:crypto';
import type { Request } from 'express';

/** channelData key holding the sha256 (hex) of the session token. The token itself is never stored. */
export const TOKEN_HASH_KEY = 'tokenHash';

/** A new session id (16 random bytes) and bearer token (32 random bytes), both base64url. */
export function newCredentials(): { sessionId: string; token: string; tokenHash: string } {
  // One draw of 48 random bytes: the token's 32, then the id's 16.
  const bytes = crypto.randomBytes(48);
  const token = bytes.subarray(0, 32).toString('base64url');
  return { sessionId: bytes.subarray(32).toString('base64url'), token, tokenHash: hashToken(token) };
}

/**
 * sha256 of a token, hex: what channelData keeps. Computed on every authenticated request:
 * the one-shot `crypto.hash` (Node >= 20.12) costs about a third of a `createHash` object.
 */
export function hashToken(token: string): string {
  return crypto.hash('sha256', token, 'hex');
}

/** Constant-time check of a presented token against the stored hash. */
export function tokenMatches(token: string | undefined, storedHash: string | undefined): boolean {
  return token !== undefined && hashMatches(hashToken(token), storedHash);
}

/**
 * Constant-time check of a presented token's hash (`hashToken`, computed once per request)
 * against the stored hash.
 */
export function hashMatches(presentedHash: string, storedHash: string | undefined): boolean {
  if (storedHash === undefined || !/^[0-9a-f]{64}$/.test(storedHash) || !/^[0-9a-f]{64}$/.test(presentedHash)) return false;
  return crypto.timingSafeEqual(Buffer.from(presentedHash, 'hex'), Buffer.from(storedHash, 'hex'));
}

/** The token from `Authorization: Bearer <token>`, or undefined. */
export function bearerToken(req: Request): string | undefined {
  const header = req.get('authorization');
  if (!header) return undefined;
  const m = /^Bearer\s+([A-Za-z0-9._~+/=-]{1,512})\s*$/i.exec(header);
  return m?.[1];
}

/** Session ids are 16 bytes base64url: 22 characters. Anything else cannot exist. */
export function isSessionId(id: string): boolean {
  return /^[A-Za-z0-9_-]{22}$/.test(id);
}
