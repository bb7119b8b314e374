/** The production env's randomness: CSPRNG bytes drawn a pool at a time, each byte used once. */
import { pooledCryptoRandom } from '../../src/runtime/crypto-random';

describe('pooledCryptoRandom', () => {
  it('gives numbers in [0, 1), across several refills of its pool, without repeats', () => {
    const random = pooledCryptoRandom();
    const values = Array.from({ length: 5_000 }, () => random());
    for (const v of values) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1);
    }
    // 48-bit values: a repeat among 5,000 has a chance of about 4e-8.
    expect(new Set(values).size).toBe(values.length);
  });

  it('spreads over the whole range (every tenth gets some of 5,000 draws)', () => {
    const random = pooledCryptoRandom();
    const deciles = new Set(Array.from({ length: 5_000 }, () => Math.floor(random() * 10)));
    expect(deciles.size).toBe(10);
  });

  it('gives each env its own pool', () => {
    const a = pooledCryptoRandom();
    const b = pooledCryptoRandom();
    expect(a()).not.toBe(b());
  });
});
