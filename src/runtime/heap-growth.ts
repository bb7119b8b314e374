/**
 * How far V8 lets the JavaScript heap grow past what survived its last full collection before it
 * collects again. Left to itself V8 picks a factor between 1.1 and 4 from how fast it collects,
 * and a web chat server under load gets near 4: a server whose live heap is 55 MB after a full
 * collection let it reach 220-250 MB of garbage promoted from the young generation (requests in
 * flight outlive two scavenges under load), and its RSS 330-370 MB, at 500-750 messages/s. A
 * fixed factor of 1.1 (10%) kept the same load's heap under 90 MB and RSS under 190 MB, for about
 * 10% more CPU per turn (more full collections; measured in pairs, bench/http-cpu.ts). The
 * setting is WEGOV_HEAP_GROWTH_PERCENT; 0 leaves V8's own choice.
 *
 * Set with `v8.setFlagsFromString` (node:v8), the one way to pass this V8 option to a process
 * started as `wegov start` (a bin, without node flags; NODE_OPTIONS takes only a few V8 options,
 * the heap sizes among them, not this one). V8 reads it at every full collection, so it holds
 * from then on.
 */
import v8 from 'node:v8';

/** Sets V8's heap growing factor to 1 + percent/100; 0 leaves V8's own heuristics. */
export function setHeapGrowth(percent: number): void {
  if (!Number.isSafeInteger(percent) || percent < 0) throw new RangeError(`heap growth must be a whole number of percent, not ${String(percent)}`);
  if (percent > 0) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
