/** plainCopy: the copy `step` makes of the caller's session gives what structuredClone gives. */
import fc from 'fast-check';
import { plainCopy } from '../../src/engine/plain-copy';

describe('plainCopy', () => {
  it('equals structuredClone on any JSON value, and shares no object with the original', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const copy = plainCopy(value);
        expect(copy).toStrictEqual(structuredClone(value));
        if (typeof value === 'object' && value !== null) expect(copy).not.toBe(value);
      }),
      { seed: 15, numRuns: 500 },
    );
  });

  it('keeps keys whose value is undefined (a step checks `id in answers`) and -0', () => {
    const copy = plainCopy({ a: undefined, b: [undefined, -0] });
    expect('a' in copy).toBe(true);
    expect(Object.is(copy.b[1], -0)).toBe(true);
    expect(copy).toStrictEqual(structuredClone({ a: undefined, b: [undefined, -0] }));
  });

  it('copies nested objects and arrays: changing the copy leaves the original alone', () => {
    const original = { stack: [{ answers: { size: 'medium' }, history: ['size'] }] };
    const copy = plainCopy(original);
    copy.stack[0]!.answers.size = 'large';
    copy.stack[0]!.history.push('photo');
    expect(original).toEqual({ stack: [{ answers: { size: 'medium' }, history: ['size'] }] });
  });

  it('keeps an own "__proto__" key (as JSON.parse makes one) a key, never the prototype', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "x": 1}') as Record<string, unknown>;
    const copy = plainCopy(parsed);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect((copy as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.keys(copy)).toEqual(['__proto__', 'x']);
    expect(copy).toStrictEqual(structuredClone(parsed));
  });

  it('hands what is not plain data to structuredClone (a Date, a Map, an array with holes)', () => {
    const date = new Date('2026-12-01T00:00:00Z');
    // eslint-disable-next-line no-sparse-arrays -- the hole is the point
    const value = { date, map: new Map([['k', 1]]), holes: [1, , 3] };
    const copy = plainCopy(value);
    // (jest's sandbox is another realm than structuredClone's: compare by tag, not instanceof)
    expect(Object.prototype.toString.call(copy.date)).toBe('[object Date]');
    expect(copy.date.getTime()).toBe(date.getTime());
    expect(copy.date).not.toBe(date);
    expect(copy.map.get('k')).toBe(1);
    expect(1 in copy.holes).toBe(false);
  });

  it('throws on a cycle instead of looping', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => plainCopy(cyclic)).toThrow(RangeError);
  });
});
