import { connectionNameOf, createRedisClient, endpointOptions, failFastOptions, isCluster, parseClusterNodes } from '../../src/state/redis-connection';

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

describe('Redis Cluster addresses', () => {
  test('redis-cluster://host:port,... makes a cluster client with the fail-fast settings; the others a single-server client', () => {
    const cluster = createRedisClient('redis-cluster://127.0.0.1:1,[::1]:2', { commandTimeoutMs: 750, connectionName: 'wegov-x', maxReconnectDelayMs: 1000 });
    try {
      expect(isCluster(cluster)).toBe(true);
      if (!isCluster(cluster)) return;
      expect(cluster.options).toMatchObject({ enableOfflineQueue: false, redisOptions: { maxRetriesPerRequest: 1, commandTimeout: 750, connectionName: 'wegov-x' } });
      expect([1, 3, 100].map((a) => cluster.options.clusterRetryStrategy?.(a))).toEqual([50, 200, 1000]);
      expect(connectionNameOf(cluster)).toBe('wegov-x');
    } finally {
      cluster.disconnect();
    }
    const single = createRedisClient('unix:///nonexistent/wegov/redis.sock');
    expect(isCluster(single)).toBe(false);
    single.disconnect();
  });

  test('node lists: host:port or [v6]:port, at least one, none twice', () => {
    expect(parseClusterNodes('a:1, b.c:2 ,[::1]:3')).toEqual([
      { host: 'a', port: 1 },
      { host: 'b.c', port: 2 },
      { host: '::1', port: 3 },
    ]);
    for (const bad of ['', 'a', 'a:b', 'a:1,a:1', 'a:70000', 'redis://a:1']) expect(typeof parseClusterNodes(bad)).toBe('string');
    expect(() => createRedisClient('redis-cluster://')).toThrow(TypeError);
  });
});
