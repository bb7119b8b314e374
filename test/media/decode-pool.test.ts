/**
 * The decode pool refuses work once every slot and queue place is taken, and takes work again
 * as soon as a place frees up. Deterministic: the jobs are promises the test settles itself.
 */
import { DecodePool } from '../../src/media/decode-pool';
import { configurePhotoDecoding, QUEUED_PER_SLOT, stripInPool } from '../../src/media/photo-decoding';
import { photoWithGps } from '../support/photos';

/** A job that runs until the test releases it; `started` tells whether the pool called it. */
function gatedJob<T>(value: T): { work: () => Promise<T>; release: () => void; started: () => boolean } {
  let release: () => void = () => undefined;
  let started = false;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    work: async () => {
      started = true;
      await gate;
      return value;
    },
    release: () => release(),
    started: () => started,
  };
}

/** Lets queued promise callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('DecodePool', () => {
  it('runs at most `concurrency` jobs, queues `maxQueued`, and refuses the next one without running it', async () => {
    const pool = new DecodePool({ concurrency: 2, maxQueued: 1 });
    const jobs = [gatedJob('a'), gatedJob('b'), gatedJob('c')];
    const results = jobs.map((j) => pool.run(j.work));
    await settle();
    expect(jobs.map((j) => j.started())).toEqual([true, true, false]);
    expect({ active: pool.active, queued: pool.queued }).toEqual({ active: 2, queued: 1 });

    const refused = gatedJob('d');
    expect(await pool.run(refused.work)).toEqual({ kind: 'busy' });
    expect(refused.started()).toBe(false);

    // One finishes: the queued job starts, and there is room for one more in the queue.
    jobs[0]?.release();
    expect(await results[0]).toEqual({ kind: 'done', value: 'a' });
    await settle();
    expect(jobs[2]?.started()).toBe(true);
    const late = gatedJob('e');
    const lateResult = pool.run(late.work);
    expect(pool.queued).toBe(1);
    for (const j of [...jobs, late]) j.release();
    expect(await Promise.all([...results.slice(1), lateResult])).toEqual([
      { kind: 'done', value: 'b' },
      { kind: 'done', value: 'c' },
      { kind: 'done', value: 'e' },
    ]);
    expect({ active: pool.active, queued: pool.queued }).toEqual({ active: 0, queued: 0 });
  });

  it('refuses two calls in one tick for the last place once', async () => {
    const pool = new DecodePool({ concurrency: 1, maxQueued: 0 });
    const a = gatedJob(1);
    const b = gatedJob(2);
    const [first, second] = [pool.run(a.work), pool.run(b.work)];
    expect(await second).toEqual({ kind: 'busy' });
    a.release();
    expect(await first).toEqual({ kind: 'done', value: 1 });
  });

  it('rejects a bad size', () => {
    expect(() => new DecodePool({ concurrency: 0, maxQueued: 1 })).toThrow(RangeError);
    expect(() => new DecodePool({ concurrency: 1, maxQueued: -1 })).toThrow(RangeError);
  });
});

describe("the process's photo pool", () => {
  it('answers busy for a photo while every slot and queue place is taken, and strips it once there is room', async () => {
    const pool = configurePhotoDecoding(1);
    expect(pool.options).toEqual({ concurrency: 1, maxQueued: QUEUED_PER_SLOT });
    const fillers = Array.from({ length: 1 + QUEUED_PER_SLOT }, () => gatedJob(null));
    const running = fillers.map((f) => pool.run(f.work));
    const photo = await photoWithGps('png');

    expect(await stripInPool(photo, 'image/png')).toEqual({ kind: 'busy' });

    for (const f of fillers) f.release();
    await Promise.all(running);
    expect(await stripInPool(photo, 'image/png')).toMatchObject({ kind: 'stripped', photo: { contentType: 'image/jpeg', width: 64, height: 32 } });
  });
});
