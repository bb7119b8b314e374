import nock from 'nock';

/**
 * For test files that talk to their own server over real sockets (SSE streams, a spawned
 * CLI): take nock's request interceptor out for the file. Through the interceptor a client's
 * `destroy()` does not reach the server (so "the stream closed" is never seen), and a
 * worker that ran an earlier file can hold an interceptor in a half-restored state.
 * test/setup/after-env.ts puts nock back in order for the next file.
 */
export function useRealHttp(): void {
  beforeAll(() => {
    nock.restore();
  });
}
