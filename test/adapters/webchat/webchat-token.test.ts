/** Web chat session tokens: stored as a sha256 hash, checked in constant time. */
import { createHash } from 'node:crypto';
import { hashMatches, hashToken, isSessionId, newCredentials, tokenMatches } from '../../../adapters/webchat/token';

describe('web chat token checks', () => {
  it('a token matches its own stored hash, through the token or its hash computed once', () => {
    const { token, tokenHash } = newCredentials();
    expect(tokenMatches(token, tokenHash)).toBe(true);
    expect(hashMatches(hashToken(token), tokenHash)).toBe(true);
  });

  it('another token, a missing or malformed stored hash, or a malformed presented hash never match', () => {
    const { token, tokenHash } = newCredentials();
    const other = newCredentials();
    expect(tokenMatches(other.token, tokenHash)).toBe(false);
    expect(hashMatches(hashToken(other.token), tokenHash)).toBe(false);
    expect(tokenMatches(token, undefined)).toBe(false);
    expect(tokenMatches(undefined, tokenHash)).toBe(false);
    expect(hashMatches(hashToken(token), tokenHash.toUpperCase())).toBe(false);
    expect(hashMatches(tokenHash.slice(2), tokenHash)).toBe(false);
    expect(hashMatches('', tokenHash)).toBe(false);
  });

  it('the stored hash is the sha256 hex of the token (sessions stored before keep matching), and credentials are fresh each time', () => {
    const { sessionId, token, tokenHash } = newCredentials();
    expect(tokenHash).toBe(createHash('sha256').update(token, 'utf8').digest('hex'));
    expect(isSessionId(sessionId)).toBe(true);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    const many = Array.from({ length: 100 }, () => newCredentials());
    expect(new Set(many.flatMap((c) => [c.sessionId, c.token])).size).toBe(200);
  });
});
