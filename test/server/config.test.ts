import path from 'node:path';
import { repoRoot } from '../../src/catalog/paths';
import { ConfigError, ENV_VARS, loadConfig } from '../../src/config';

describe('loadConfig', () => {
  it('has working defaults on a bare machine', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      redisUrl: undefined,
      submissionsFile: './data/submissions.jsonl',
      sessionTtlSeconds: 86400,
      dedupeTtlSeconds: 86400,
      photoMaxBytes: 5 * 1024 * 1024,
      adminToken: undefined,
      allowedOrigins: '*',
      trustProxy: false,
      logLevel: 'info',
    });
  });

  it('parses every variable', () => {
    const c = loadConfig({
      PORT: '8080',
      REDIS_URL: 'redis://localhost:6379/2',
      WEGOV_ALLOWED_ORIGINS: 'https://city.example, https://other.example/',
      WEGOV_TRUST_PROXY: '1',
      WEGOV_ADMIN_TOKEN: 'a-very-long-admin-token',
      LOG_LEVEL: 'DEBUG',
    });
    expect(c.port).toBe(8080);
    expect(c.redisUrl).toBe('redis://localhost:6379/2');
    expect(c.allowedOrigins).toEqual(['https://city.example', 'https://other.example']);
    expect(c.trustProxy).toBe(1);
    expect(c.adminToken).toBe('a-very-long-admin-token');
    expect(c.logLevel).toBe('debug');
  });

  it('names each bad variable and why', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', WEGOV_SESSION_TTL_SECONDS: '5', REDIS_URL: 'http://x', WEGOV_ADMIN_TOKEN: 'short' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/PORT: must be a whole number/);
    expect(message).toMatch(/WEGOV_SESSION_TTL_SECONDS: must be at least 60/);
    expect(message).toMatch(/REDIS_URL: must be a redis/);
    expect(message).toMatch(/WEGOV_ADMIN_TOKEN: must be at least 16/);
  });

  it('REDIS_CLUSTER_NODES becomes a cluster address; a bad list, or one next to REDIS_URL, is a coded error', () => {
    expect(loadConfig({ REDIS_CLUSTER_NODES: ' 10.0.0.1:7000, redis-b.internal:7001,[::1]:7002 ' }).redisUrl).toBe(
      'redis-cluster://10.0.0.1:7000,redis-b.internal:7001,[::1]:7002',
    );
    expect(loadConfig({ REDIS_URL: 'redis-cluster://127.0.0.1:7000' }).redisUrl).toBe('redis-cluster://127.0.0.1:7000');
    for (const bad of ['10.0.0.1', '10.0.0.1:0', 'a:1,a:1', 'redis://a:1', 'a:99999']) {
      const error = (() => {
        try {
          loadConfig({ REDIS_CLUSTER_NODES: bad });
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(ConfigError);
      expect(error).toMatchObject({ code: 'config_invalid', message: expect.stringMatching(/REDIS_CLUSTER_NODES: must be host:port,host:port/) });
    }
    expect(() => loadConfig({ REDIS_URL: 'redis://localhost', REDIS_CLUSTER_NODES: 'a:7000' })).toThrow(/REDIS_CLUSTER_NODES: set either REDIS_URL/);
    expect(() => loadConfig({ REDIS_URL: 'redis-cluster://a' })).toThrow(/REDIS_URL: must be/);
  });

  it('WEGOV_MODEL_CACHE_DIR: node_modules/.cache/wegov in the package, a path of its own, or off', () => {
    expect(loadConfig({}).modelCacheDir).toBe(path.join(repoRoot(), 'node_modules', '.cache', 'wegov'));
    expect(loadConfig({ WEGOV_MODEL_CACHE_DIR: 'var/models' }).modelCacheDir).toBe(path.resolve('var/models'));
    expect(loadConfig({ WEGOV_MODEL_CACHE_DIR: '/srv/wegov/models' }).modelCacheDir).toBe('/srv/wegov/models');
    expect(loadConfig({ WEGOV_MODEL_CACHE_DIR: 'OFF' }).modelCacheDir).toBe(null);
  });

  it('documents every variable once', () => {
    const names = ENV_VARS.map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    for (const v of ENV_VARS) expect(v.description.length).toBeGreaterThan(10);
  });
});
