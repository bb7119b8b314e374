import { createRedisClient, endpointOptions, failFastOptions } from '../../src/state/redis-connection';

describe('Redis URLs', () => {
  test.each([
    ['redis://localhost', { host: 'localhost', port: 6379 }],
    ['redis://user:p%40ss@redis.internal:6380/2', { host: 'redis.internal', port: 6380, db: 2, username: 'user', password: 'p@ss' }],
    ['redis://:secret@[::1]:7000', { host: '::1', port: 7000, password: 'secret' }],
    ['rediss://cache.example.org:6380', { host: 'cache.example.org', port: 6380, tls: { servername: 'cache.example.org' } }],
    ['unix:///var/run/redis/redis.sock', { path: '/var/run/redis/redis.sock' }],
    ['unix:///tmp/r.sock?db=3', { path: '/tmp/r.sock', db: 3 }],
  ])('%s', (url, expected) => {
    expect(endpointOptions(url)).toEqual(expected);
  });

  test.each(['http://localhost:6379', 'localhost:6379', 'unix://', 'redis://host/notanumber'])('%s is refused with a TypeError', (url) => {
    expect(() => endpointOptions(url)).toThrow(TypeError);
  });

  test('error messages do not repeat the password', () => {
    expect(() => endpointOptions('redis://user:hunter2@host/x')).toThrow(/user:\*\*\*@host/);
    expect(() => endpointOptions('redis://user:hunter2@host/x')).not.toThrow(/hunter2/);
  });
});

describe('fail-fast client settings', () => {
  test('no offline queue, one retry, timeouts, and a capped reconnect backoff that never gives up', () => {
    const options = failFastOptions({ commandTimeoutMs: 750, maxReconnectDelayMs: 1000 });
    expect(options).toMatchObject({ enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 750, connectTimeout: 2000 });
    const delays = [1, 2, 3, 5, 10, 100, 10_000].map((attempt) => options.retryStrategy?.(attempt));
    expect(delays).toEqual([50, 100, 200, 800, 1000, 1000, 1000]);
  });

  test('a client for an unreachable Redis is created without throwing and reports through onError', async () => {
    const errors: Error[] = [];
    const client = createRedisClient('unix:///nonexistent/wegov/redis.sock', { onError: (err) => errors.push(err) });
    await new Promise((resolve) => client.once('close', resolve));
    expect(errors.length).toBeGreaterThan(0);
    client.disconnect();
  });
});
