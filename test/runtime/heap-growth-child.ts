/**
 * Child of heap-growth.test.ts: sets the heap growth from HEAP_GROWTH_PERCENT (src/runtime/
 * heap-growth.ts), then allocates as a server under load does (a live set of about 25 MB that
 * keeps turning over, garbage that outlives the young generation) and reports the largest heap
 * in use it saw.
 */
import { setHeapGrowth } from '../../src/runtime/heap-growth';

setHeapGrowth(Number(process.env.HEAP_GROWTH_PERCENT));
const live: unknown[][] = [];
let peak = 0;
for (let i = 0; i < 3000; i++) {
  const batch: unknown[] = [];
  for (let j = 0; j < 2000; j++) batch.push({ text: `message ${j}`, ids: [j, j + 1], meta: { at: j } });
  live.push(batch);
  if (live.length > 40) live.shift();
  peak = Math.max(peak, process.memoryUsage().heapUsed);
}
process.send?.({ peakMb: peak / 1e6 }, () => process.exit(0));
