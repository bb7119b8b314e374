import { MemoryMediaStore, MemorySessionStore } from '../../src/state/memory-store';
import { describeSessionStoreContract } from './contract';
import { commitRequest, message, newConversationId } from './contract-helpers';

let now = Date.UTC(2026, 0, 1);
const clock = () => now;

describeSessionStoreContract(
  'memory',
  async ({ historyLimit, historyMaxBytes }) => {
    const sessions = new MemorySessionStore({ now: clock, historyLimit, historyMaxBytes });
    const media = new MemoryMediaStore({ now: clock });
    return {
      sessions,
      media,
      close: async () => {
        media.close();
        await sessions.close();
      },
    };
  },
  { advanceClock: (ms) => void (now += ms) },
);

describe('memory store specifics', () => {
  test('the sweep frees expired entries that nobody reads again', async () => {
    const store = new MemorySessionStore({ now: clock });
    const conv = newConversationId();
    await store.commit(commitRequest(conv, { ttlSeconds: 1, history: [message(1, 0, 'hi')], dedupe: { id: 'u', ttlSeconds: 1 } }));
    now += 1001;
    store.sweep();
    now -= 1001; // were anything left behind, it would read as present again
    await expect(store.load(conv, 'u')).resolves.toEqual({ conversation: null, duplicateReply: null });
    expect(await store.history(conv)).toEqual([]);
    await store.close();
  });

  test('the periodic sweep runs on its own and stops on close', async () => {
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick'] });
    try {
      const store = new MemorySessionStore({ now: clock, sweepIntervalMs: 1000 });
      const sweep = jest.spyOn(store, 'sweep');
      jest.advanceTimersByTime(3000);
      expect(sweep).toHaveBeenCalledTimes(3);
      await store.close();
      jest.advanceTimersByTime(3000);
      expect(sweep).toHaveBeenCalledTimes(3);
    } finally {
      jest.useRealTimers();
    }
  });
});
