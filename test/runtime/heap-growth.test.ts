/**
 * WEGOV_HEAP_GROWTH_PERCENT (src/runtime/heap-growth.ts): with 10 (the default) a process that
 * keeps about 25 MB live while it churns keeps its heap near that; given room to grow 4 times
 * (300, what V8's own heuristics pick under load) the same work holds far more garbage. Each
 * runs in a fresh child process: a V8 flag holds for the whole process.
 */
import { loadConfig } from '../../src/config';
import { setHeapGrowth } from '../../src/runtime/heap-growth';
import { spawnTsChild } from '../support/ts-child';

async function heapPeakMb(percent: number): Promise<number> {
  const child = spawnTsChild<{ peakMb: number }>('test/runtime/heap-growth-child.ts', { HEAP_GROWTH_PERCENT: String(percent) });
  try {
    return (await child.waitForMessage(() => true, 50_000)).peakMb;
  } finally {
    await child.kill();
  }
}

describe('heap growth', () => {
  it('keeps the heap near its live data at the default, where room to grow 4 times holds far more', async () => {
    expect(loadConfig({}).heapGrowthPercent).toBe(10);
    const bounded = await heapPeakMb(loadConfig({}).heapGrowthPercent);
    const roomy = await heapPeakMb(300);
    expect(bounded).toBeLessThan(90);
    expect(roomy).toBeGreaterThan(bounded * 1.5);
  }, 60_000);

  it('is configured by WEGOV_HEAP_GROWTH_PERCENT, whole percents from 0 (V8 decides) to 300', () => {
    expect(loadConfig({ WEGOV_HEAP_GROWTH_PERCENT: '0' }).heapGrowthPercent).toBe(0);
    expect(loadConfig({ WEGOV_HEAP_GROWTH_PERCENT: '25' }).heapGrowthPercent).toBe(25);
    expect(() => loadConfig({ WEGOV_HEAP_GROWTH_PERCENT: '301' })).toThrow('WEGOV_HEAP_GROWTH_PERCENT');
    expect(() => loadConfig({ WEGOV_HEAP_GROWTH_PERCENT: '1.5' })).toThrow('WEGOV_HEAP_GROWTH_PERCENT');
    expect(() => setHeapGrowth(-1)).toThrow(RangeError);
  });
});
