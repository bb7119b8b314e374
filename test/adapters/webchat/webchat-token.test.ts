/** Web chat session tokens: stored as a sha256 hash, checked in constant time. */
import { hashMatches, hashToken, newCredentials, tokenMatches } from '../../../adapters/webchat/token';

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
});
