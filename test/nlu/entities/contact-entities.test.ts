import { REFERENCE_ALPHABET } from '../../../src/engine/ids';
import { extractEmails } from '../../../src/nlu/entities/email';
import { extractNumbers } from '../../../src/nlu/entities/number';
import { extractPhones, MAX_PHONE_CHARS } from '../../../src/nlu/entities/phone';
import { extractReferences, REFERENCE_CHARS } from '../../../src/nlu/entities/reference';

describe('emails', () => {
  it('finds an email inside a sentence, lower-cased, with its offsets', () => {
    const text = 'you can reach me at <Dana.Rivera@Example.com>, thanks';
    const [found] = extractEmails(text);
    expect(found).toMatchObject({ value: 'dana.rivera@example.com', text: 'Dana.Rivera@Example.com' });
    expect(found && text.slice(found.start, found.end)).toBe('Dana.Rivera@Example.com');
  });

  it('ignores what is not an email', () => {
    expect(extractEmails('dana at example dot com, @dana, dana@, a@b')).toEqual([]);
  });
});

describe('phone numbers', () => {
  it('reads local and international numbers in the region, as E.164', () => {
    expect(extractPhones('call me on (512) 555-0147 after six', 'US').map((p) => p.value)).toEqual(['+15125550147']);
    expect(extractPhones('mi número es +34 612 34 56 78', 'US').map((p) => p.value)).toEqual(['+34612345678']);
    expect(extractPhones('رقمي ٥١٢٥٥٥٠١٤٧', 'US').map((p) => p.value)).toEqual(['+15125550147']);
  });

  it('ignores numbers that are not valid phone numbers', () => {
    expect(extractPhones('12 Oak Ave, pole 555', 'US')).toEqual([]);
  });

  it('reads a long message up to MAX_PHONE_CHARS only (a hostile run of digits and colons stays cheap)', () => {
    const filler = (n: number) => 'x'.repeat(n);
    const early = `${filler(MAX_PHONE_CHARS - 40)} call (512) 555-0147`;
    expect(extractPhones(`${early} ${filler(5_000)}`, 'US').map((p) => [p.value, p.start])).toEqual([['+15125550147', MAX_PHONE_CHARS - 34]]);
    expect(extractPhones(`${filler(MAX_PHONE_CHARS)} call (512) 555-0147`, 'US')).toEqual([]);
  });
});

describe('case references', () => {
  it('uses the same alphabet as the references WeGov issues', () => expect(REFERENCE_CHARS).toBe(REFERENCE_ALPHABET));

  it('finds a reference typed in any case, with or without its dash', () => {
    expect(extractReferences('what happened to wg-7k3qx9?', 'WG').map((r) => r.value)).toEqual(['WG-7K3QX9']);
    expect(extractReferences('Ref WG 7K3QX9 and WG7K3QX8', 'WG').map((r) => r.value)).toEqual(['WG-7K3QX9', 'WG-7K3QX8']);
  });

  it('refuses look-alike characters, other prefixes and longer words', () => {
    expect(extractReferences('WG-7K3QO9 WG-1K3QX9 XY-7K3QX9 WG-7K3QX99', 'WG')).toEqual([]);
  });
});

describe('numbers', () => {
  it('reads the language’s decimal and thousands separators', () => {
    expect(extractNumbers('about 2.5 m, 1,000 people', 'en').map((n) => n.value)).toEqual([2.5, 1000]);
    expect(extractNumbers('unos 2,5 m, 1.000 personas', 'es').map((n) => n.value)).toEqual([2.5, 1000]);
    expect(extractNumbers('٢٫٥ متر', 'ar').map((n) => n.value)).toEqual([2.5]);
  });

  it('reads small spelled-out numbers, and leaves numbers glued to letters', () => {
    expect(extractNumbers('three lamps on 45th St, ref WG-7K3QX9', 'en').map((n) => n.value)).toEqual([3]);
    expect(extractNumbers('tres farolas', 'es').map((n) => n.value)).toEqual([3]);
    expect(extractNumbers('trois lampadaires', 'fr').map((n) => n.value)).toEqual([3]);
    expect(extractNumbers('ثلاثة أعمدة', 'ar').map((n) => n.value)).toEqual([3]);
    // "once" is a Spanish number, an English word.
    expect(extractNumbers('once a week', 'en')).toEqual([]);
    expect(extractNumbers('once farolas', 'es').map((n) => n.value)).toEqual([11]);
  });
});
