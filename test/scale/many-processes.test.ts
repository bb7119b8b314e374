/**
 * Issue 15, many processes: three web processes and one worker on one durable Redis, residents
 * reporting potholes through any of them at random, a web process SIGKILLed and replaced at
 * even steps of progress, and Redis killed and restarted once (bench/scale/scenario.ts). Every
 * report reaches the agency exactly once, no answer a resident saw is lost, nothing is processed
 * twice, every conversation carries on, and a rate limit holds across the processes.
 *
 * 100 conversations (800 turns) and 3 kills. Most of its time is starting processes (about 5 s of
 * CPU each: 4 at first, 3 replacements); `npm run bench:scale` runs 1,000 with a kill every 3 s.
 */
import { runScale } from '../../bench/scale/scenario';
import { launchFromSources } from './launch';

const CONVERSATIONS = Number(process.env.WEGOV_SCALE_CONVERSATIONS ?? 100);

jest.setTimeout(900_000);

describe('three web processes and a worker on one Redis, with kills and a Redis restart', () => {
  it('loses nothing, duplicates nothing, and every conversation carries on', async () => {
    const { figures, problems } = await runScale({ launch: launchFromSources, conversations: CONVERSATIONS, concurrency: 32, seed: 15, chaos: { kills: 3 } });
    process.stdout.write(`${JSON.stringify(figures)}\n`);
    expect(problems).toEqual([]);
    expect(figures).toMatchObject({
      conversations: CONVERSATIONS,
      kills: 3,
      redisRestarts: 1,
      reportsDelivered: CONVERSATIONS,
      reportsDeliveredExactlyOnce: CONVERSATIONS,
      duplicates: 0,
      lost: 0,
      carriedOn: CONVERSATIONS,
      // Failed requests per address: 6 a minute across all three processes, not 6 each.
      sharedRateLimit: { processes: 3, limitPerMinute: 6, allowed: 6, refused: 12 },
    });
  });
});
