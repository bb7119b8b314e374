/**
 * Issue 14: typed places at a location question (src/engine/prompts/places.ts), pure parts: what
 * is looked up, how a match is named in each language, how two alike are told apart, and what a
 * typed answer picks among the places offered.
 */
import { addressQuery, labelOf, mentionedAddress, optionsOf, pickOf } from '../../src/engine/prompts/places';
import { testEnv } from '../support/engine-env';

describe('typed places', () => {
  it('looks up the address in a sentence, a short place name as typed, and nothing for a sentence with no place', async () => {
    const { env } = await testEnv();
    expect(addressQuery('the one outside 12 Oak Ave, by the bus stop', env, 'en')).toEqual({ query: '12 Oak Ave', shaped: true });
    expect(addressQuery('near the library', env, 'en')).toEqual({ query: 'near the library', shaped: false });
    expect(addressQuery('It has been out for a week', env, 'en')).toBeUndefined();
    expect(addressQuery('12', env, 'en')).toBeUndefined();
    // A first sentence only counts when it names an address (the gazetteer's names included).
    expect(mentionedAddress('the streetlight outside 12 Oak Ave is broken', env, 'en')).toBe('12 Oak Ave');
    expect(mentionedAddress('the streetlight is broken', env, 'en')).toBeUndefined();
  });

  it('names a match as the language writes addresses, and a crossing with both streets', () => {
    expect(labelOf({ lat: 0, lon: 0, name: 'Oak Ave', number: '12', exact: true }, 'en')).toBe('12 Oak Ave');
    expect(labelOf({ lat: 0, lon: 0, name: 'rue Principale', number: '5', exact: true }, 'fr')).toBe('5 rue Principale');
    expect(labelOf({ lat: 0, lon: 0, name: 'Calle Mayor', number: '5', exact: true }, 'es')).toBe('Calle Mayor 5');
    expect(labelOf({ lat: 0, lon: 0, name: '5th St', cross: 'Elm St', exact: true }, 'en')).toBe('5th St & Elm St');
  });

  it('offers only matches inside the boundary, and tells two of the same name apart by where they are', async () => {
    const { env } = await testEnv();
    const { boundary } = env.catalog.jurisdiction;
    const options = optionsOf(
      [
        { lat: 0.5, lon: 0.5, name: 'Nowhere Rd', exact: true },
        { lat: 30.24, lon: -97.695, name: 'Park Rd', exact: false },
        { lat: 30.32, lon: -97.74, name: 'Park Rd', exact: false },
        { lat: 30.31, lon: -97.74, name: 'Oak Ave', exact: false },
      ],
      boundary,
      'en',
    );
    expect(options.map((o) => [o.label, o.part])).toEqual([
      ['Park Rd', 'se'],
      ['Park Rd', 'n'],
      ['Oak Ave', undefined],
    ]);
  });

  it('reads a pick: yes for one place, its number or its name among several, no for none; anything else is a new place', async () => {
    const { env } = await testEnv();
    const one = { options: [{ lat: 1, lon: 1, label: 'Elm St' }] };
    const two = { options: [{ lat: 1, lon: 1, label: 'Oak St' }, { lat: 2, lon: 2, label: 'Oak Ave' }] };
    expect(pickOf('yes', one, env)).toBe(0);
    expect(pickOf('sí', one, env)).toBe(0);
    expect(pickOf('no', one, env)).toBe('none');
    expect(pickOf('2', two, env)).toBe(1);
    expect(pickOf('oak ave', two, env)).toBe(1);
    expect(pickOf('yes', two, env)).toBeUndefined();
    expect(pickOf('3', two, env)).toBeUndefined();
    expect(pickOf('12 Elm St', one, env)).toBeUndefined();
  });
});
