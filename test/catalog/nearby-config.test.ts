/** Catalogue `nearby` (issue 16): defaults 250 m and 30 days when absent, read when given, mistakes refused with the path. */
import { readFileSync } from 'node:fs';
import { parseCatalog } from '../../src/catalog';
import { CatalogError } from '../../src/catalog/errors';
import { defaultCatalogPath } from '../../src/catalog/paths';

const source = defaultCatalogPath({});
const demo = readFileSync(source, 'utf8');
const NEARBY = /\nnearby:\n {2}radius_m: 250[^\n]*\n {2}max_age_days: 30[^\n]*\n/;

function withNearby(block: string): string {
  expect(demo).toMatch(NEARBY);
  return demo.replace(NEARBY, `\n${block}`);
}

describe('catalogue nearby', () => {
  it('defaults to 250 m and 30 days when the section is absent', () => {
    expect(parseCatalog(withNearby(''), source).nearby).toEqual({ radiusM: 250, maxAgeDays: 30 });
  });

  it('reads what is given; radius 0 turns the offer off', () => {
    expect(parseCatalog(withNearby('nearby: { radius_m: 0, max_age_days: 7 }\n'), source).nearby).toEqual({ radiusM: 0, maxAgeDays: 7 });
  });

  it('refuses a negative radius and an unknown key, naming the path', () => {
    expect(() => parseCatalog(withNearby('nearby: { radius_m: -5 }\n'), source)).toThrow(CatalogError);
    expect(() => parseCatalog(withNearby('nearby: { radius_m: -5 }\n'), source)).toThrow(/nearby\.radius_m/);
    expect(() => parseCatalog(withNearby('nearby: { radius: 100 }\n'), source)).toThrow(/nearby/);
  });
});
