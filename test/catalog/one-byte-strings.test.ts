/**
 * Strings read from a catalogue that also holds Arabic names stay one-byte in V8 where their
 * characters allow (src/catalog/one-byte-strings.ts). Otherwise every session, reply and
 * Redis command built from them is two-byte, and each web chat turn pays 5-7% more CPU.
 * V8's layout is not visible to JavaScript, but `v8.serialize` writes it: tag 0x22 for a
 * one-byte string, 0x63 for a two-byte one.
 */
import v8 from 'node:v8';
import { loadCatalog } from '../../src/catalog';
import { defaultCatalogPath } from '../../src/catalog/paths';
import { oneByte, withOneByteStrings } from '../../src/catalog/one-byte-strings';
import { createSession, say, startHarness, type Harness } from '../server/harness';

const isOneByte = (text: string): boolean => v8.serialize(text)[2] === 0x22;
/** `text` as a two-byte string, as a parser slices it out of a file with Arabic in it. */
const twoByte = (text: string): string => `\u0648${text}`.slice(1);

describe('one-byte strings', () => {
  it('makes a copy one-byte when its characters allow, and keeps the value', () => {
    const id = twoByte('attr:pothole:size');
    expect(isOneByte(id)).toBe(false);
    expect(isOneByte(oneByte(id))).toBe(true);
    expect(oneByte(id)).toBe('attr:pothole:size');
    const latin = twoByte('Quartier Nord, rue de l’Église');
    expect(oneByte(latin)).toBe(latin); // ’ is past U+00FF: kept as it is
    expect(isOneByte(oneByte(twoByte('Rive Est, élan')))).toBe(true);
    expect(oneByte(twoByte('وسط المدينة'))).toBe('وسط المدينة');
  });

  it('copies keys and values through objects and arrays, and leaves other values alone', () => {
    const when = new Date(0);
    const source: Record<string, unknown> = { [twoByte('category')]: [twoByte('pothole'), 7, null, true], nested: { [twoByte('ar')]: 'وسط' }, when };
    const copied = withOneByteStrings(source);
    expect(copied).toEqual({ category: ['pothole', 7, null, true], nested: { ar: 'وسط' }, when });
    const [key] = Object.keys(copied);
    expect(isOneByte(key ?? '')).toBe(true);
    expect(isOneByte(String((copied.category as unknown[])[0]))).toBe(true);
    expect(copied.when).toBe(when);
  });

  it('keeps a "__proto__" key as a key (no prototype is set from data)', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "a": "b"}') as Record<string, unknown>;
    const copied = withOneByteStrings(parsed);
    expect(Object.getPrototypeOf(copied)).toBe(Object.prototype);
    expect(Object.keys(copied)).toEqual(['__proto__', 'a']);
    expect((copied as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('the demo catalogue (with Arabic names) gives one-byte ids, codes and English texts', () => {
    const catalog = loadCatalog(defaultCatalogPath());
    const strings = catalog.categories.flatMap((c) => [c.id, c.agency, c.name.en ?? '', ...c.attributes.flatMap((a) => [a.code, a.description.en ?? '', ...a.values.map((v) => v.key)])]);
    // The ids a pothole report writes into every session (attr:pothole:size is built from the two).
    expect(strings).toEqual(expect.arrayContaining(['pothole', 'size', 'Pothole']));
    expect(strings.filter((s) => !isOneByte(s))).toEqual([]);
    const arabic = catalog.jurisdiction.districts.map((d) => d.name.ar ?? '').filter((s) => s !== '');
    expect(arabic.length).toBeGreaterThan(0);
    expect(arabic.every((s) => !isOneByte(s))).toBe(true);
  });

  describe('a web chat turn', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness('memory');
    });
    afterAll(() => h.close());

    it('commits a one-byte session after an answer keyed by the catalogue (attr:pothole:size)', async () => {
      const s = await createSession(h.app, { locale: 'en', start: 'report:pothole' });
      await say(h.app, s, { choice: 'medium', clientMessageId: 'size' });
      const cached = h.wiring.runtime.cache?.get(s.sessionId);
      expect(cached?.json).toContain('"attr:pothole:size":"medium"');
      expect(isOneByte(cached?.json ?? '')).toBe(true);
    });
  });
});
