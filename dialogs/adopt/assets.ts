/**
 * Finding adoptable assets near the person (issue 13): by distance from a point (haversine,
 * metres): a shared pin, or a typed place the deployment's geocoder found; or, for an address
 * kept as typed (no geocoder configured), by the words it shares with the assets' names
 * ("Elm St" finds the drains on Elm St). Free ones only: the caller passes what is taken.
 */
import type { AdoptableAsset, Catalog } from '../../src/catalog/types';
import { normalize } from '../../src/nlu/normalize';

/** How many are offered at once. */
export const NEAREST = 5;

export interface Near {
  asset: AdoptableAsset;
  /** Metres from the pin, rounded; absent for a typed address. */
  metres?: number;
}

const EARTH_M = 6_371_000;
const rad = (d: number): number => (d * Math.PI) / 180;

export function metresBetween(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_M * Math.asin(Math.sqrt(h));
}

export function findAsset(catalog: Catalog, id: string): AdoptableAsset | undefined {
  return catalog.assets.find((a) => a.id === id);
}

const words = (s: string): Set<string> => new Set(normalize(s).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 3));

/** The nearest free assets to a pin or a typed address (address: those sharing the most words, then by id). */
export function nearestFree(catalog: Catalog, where: { lat: number; lon: number } | { address: string }, taken: ReadonlySet<string>): Near[] {
  const free = catalog.assets.filter((a) => !taken.has(a.id));
  if ('lat' in where) {
    return free
      .map((asset) => ({ asset, metres: Math.round(metresBetween(where, asset)) }))
      .sort((a, b) => a.metres - b.metres || a.asset.id.localeCompare(b.asset.id))
      .slice(0, NEAREST);
  }
  const typed = words(where.address);
  return free
    .map((asset) => {
      const named = new Set(Object.values(asset.name).flatMap((n) => [...words(n)]));
      return { asset, shared: [...typed].filter((w) => named.has(w)).length };
    })
    .filter((x) => x.shared > 0)
    .sort((a, b) => b.shared - a.shared || a.asset.id.localeCompare(b.asset.id))
    .slice(0, NEAREST)
    .map(({ asset }) => ({ asset }));
}
