/** Shared by the geocoder tests: the demo city's gazetteer and a fake clock that drives bottleneck. */
import { loadCatalog } from '../../src/catalog';
import { defaultCatalogPath } from '../../src/catalog/paths';
import type { Catalog, Gazetteer } from '../../src/catalog/types';

let demo: Catalog | undefined;

/** The demo city (config/demo-city.yaml) and its gazetteer (config/demo-gazetteer.csv), as loaded at start. */
export function demoGazetteer(): { catalog: Catalog; gazetteer: Gazetteer } {
  demo ??= loadCatalog(defaultCatalogPath({}));
  const g = demo.jurisdiction.geocoder;
  if (g?.type !== 'gazetteer') throw new Error('the demo city should use its gazetteer');
  return { catalog: demo, gazetteer: g };
}

/** Riverside's box, as createGeocoder computes it from the demo boundary. */
export const RIVERSIDE_BOX: [number, number, number, number] = [-97.8, 30.2, -97.65, 30.35];

/**
 * Runs fake timers forward in small steps, letting real I/O (nock's replies) through between
 * steps, until `done()` — so a limiter's waits pass on a clock the test controls, however busy the
 * machine is. Returns the fake milliseconds that passed.
 */
export async function runFakeClockUntil(done: () => boolean, stepMs = 50): Promise<number> {
  let passed = 0;
  for (let i = 0; i < 20_000 && !done(); i++) {
    await jest.advanceTimersByTimeAsync(stepMs);
    passed += stepMs;
    for (let k = 0; k < 10; k++) await new Promise((resolve) => setImmediate(resolve));
  }
  return passed;
}
