import { extractAddresses, firstAddress } from '../../../src/nlu/entities/address';

const known = { streets: ['Elm St', 'Calle Mayor', 'Riverside Avenue', 'Broadway'], places: ['City Hall', 'Riverside Park', 'Central Library'] };

describe('street addresses in free text', () => {
  it.each([
    ['the streetlight outside 12 Oak Ave is broken', 'en', { kind: 'address', text: '12 Oak Ave', street: 'Oak Ave', number: '12', streetWords: ['oak', 'ave'] }],
    ['200 River Road, apartment block', 'en', { kind: 'address', text: '200 River Road', number: '200', streetWords: ['river', 'rd'] }],
    ['the light on third street is out', 'en', { kind: 'street', text: 'third street', streetWords: ['3', 'st'] }],
    ['Riverside Avenue itself', 'en', { kind: 'street', text: 'Riverside Avenue', streetWords: ['riverside', 'ave'] }],
    ['Calle Mayor 5', 'es', { kind: 'address', text: 'Calle Mayor 5', number: '5', streetWords: ['calle', 'mayor'] }],
    ['hay un bache en la calle Mayor, nº 5 desde ayer', 'es', { kind: 'address', text: 'calle Mayor, nº 5', number: '5' }],
    ['C/ Mayor 5', 'es', { kind: 'address', streetWords: ['calle', 'mayor'], number: '5' }],
    ['Calle del Río 200', 'es', { kind: 'address', streetWords: ['calle', 'rio'], number: '200' }],
    ['Avenida Oak 12', 'es', { kind: 'address', streetWords: ['avenida', 'oak'], number: '12' }],
    ['5 rue de la Paix', 'fr', { kind: 'address', text: '5 rue de la Paix', street: 'rue de la Paix', number: '5', streetWords: ['rue', 'paix'] }],
    ['le lampadaire du 5 bis, rue du Port est cassé', 'fr', { kind: 'address', text: '5 bis, rue du Port', number: '5 bis' }],
    ['12 avenue Foch', 'fr', { kind: 'address', streetWords: ['avenue', 'foch'], number: '12' }],
    ['الإنارة معطلة في شارع النهر رقم ١٢', 'ar', { kind: 'address', text: 'شارع النهر رقم ١٢', street: 'شارع النهر', number: '12' }],
    ['حفرة كبيرة في شارع الجامعة', 'ar', { kind: 'street', text: 'شارع الجامعة' }],
    ['Corner of 5th St and Elm Ave, behind the library', 'en', { kind: 'crossing', text: '5th St and Elm Ave', streetWords: ['5', 'st'], cross: { street: 'Elm Ave', streetWords: ['elm', 'ave'] } }],
    ['en la esquina de Calle Mayor y Calle Oak', 'es', { kind: 'crossing', cross: { street: 'Calle Oak', streetWords: ['calle', 'oak'] } }],
  ] as const)('%s (%s)', (text, locale, expected) => {
    expect(firstAddress(text, { locale })).toMatchObject(expected);
  });

  it('gives offsets into the original text', () => {
    const text = 'Hi! The lamp at 1200 Main Street is flickering';
    const [found] = extractAddresses(text);
    expect(found && text.slice(found.start, found.end)).toBe('1200 Main Street');
  });

  it('finds nothing in a sentence that names no place', () => {
    for (const text of ['It has been out for a week', 'Hace una semana que está apagada', 'the street is dark', 'en mi calle', "c'est cassé depuis lundi", 'مظلم منذ أسبوع', '']) {
      expect(extractAddresses(text, { locale: 'en' })).toEqual([]);
    }
  });

  it("finds the deployment's own street and place names, in any case", () => {
    expect(firstAddress('the light next to city hall is out', { known })).toMatchObject({ kind: 'place', text: 'city hall' });
    expect(firstAddress('Riverside Park, north entrance', { known })).toMatchObject({ kind: 'place', text: 'Riverside Park' });
    expect(firstAddress('a pothole on Broadway by number 40', { known })).toMatchObject({ kind: 'street', text: 'Broadway' });
    expect(firstAddress('40 Broadway', { known })).toMatchObject({ kind: 'address', number: '40' });
    // The longest reading wins: "Riverside Avenue" (a known street) over nothing, a pattern over a shorter name.
    expect(firstAddress('12 Riverside Avenue', { known })).toMatchObject({ kind: 'address', streetWords: ['riverside', 'ave'], number: '12' });
  });

  it('lists several addresses in order', () => {
    const found = extractAddresses('from 12 Oak Ave to 40 Elm St', { locale: 'en' });
    expect(found.map((f) => f.text)).toEqual(['12 Oak Ave', '40 Elm St']);
  });

  it('reads a 20,000-character message in bounded time, looking at its head only', () => {
    const long = `12 Oak Ave ${'x '.repeat(10_000)} 40 Elm St`;
    expect(extractAddresses(long).map((f) => f.text)).toEqual(['12 Oak Ave']);
  });
});
