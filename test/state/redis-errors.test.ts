/**
 * Which ioredis failures answer 503 (StoreUnavailableError: try again) and which are faults.
 * A cluster redirection handed back unfollowed was answered 500 (`npm run bench:scale` on the
 * cluster: "MOVED 11920 127.0.0.1:36597" for messages sent while a restarted master rejoined).
 */
import { ReplyError } from 'ioredis';
import { toStoreError } from '../../src/state/redis-errors';
import { StoreUnavailableError } from '../../src/state/types';

// ioredis's typings give ReplyError as `any`; it takes the server's message.
const reply = (message: string): Error => new (ReplyError as new (m: string) => Error)(message);

describe('toStoreError', () => {
  it.each(['MOVED 11920 127.0.0.1:36597', 'ASK 11920 127.0.0.1:36597', 'CLUSTERDOWN The cluster is down', 'TRYAGAIN Multiple keys request during rehashing of slot', 'LOADING Redis is loading the dataset in memory'])(
    '%s: the store is unavailable for now',
    (message) => {
      const err = toStoreError(reply(message), 'commit');
      expect(err).toBeInstanceOf(StoreUnavailableError);
      expect((err as Error).message).toBe(`redis commit failed: ${message}`);
    },
  );

  it.each(['WRONGTYPE Operation against a key holding the wrong kind of value', 'ERR Error running script', 'NOSCRIPT No matching script'])('%s: a fault, unchanged', (message) => {
    const original = reply(message);
    expect(toStoreError(original, 'commit')).toBe(original);
  });
});
