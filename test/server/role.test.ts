/**
 * What one process runs (WEGOV_ROLE, `wegov start --role`): web only serves, worker only runs the
 * background work; both need Redis, since without it the queues live inside one process.
 */
import { ConfigError, loadConfig } from '../../src/config';
import { roleOption } from '../../src/cli/role-option';

describe('WEGOV_ROLE', () => {
  it('is all by default, and web or worker with Redis', () => {
    expect(loadConfig({}).role).toBe('all');
    expect(loadConfig({ WEGOV_ROLE: 'Web', REDIS_URL: 'redis://localhost:6379' }).role).toBe('web');
    expect(loadConfig({ WEGOV_ROLE: 'worker', REDIS_URL: 'redis://localhost:6379' }).role).toBe('worker');
  });

  it('refuses web or worker without REDIS_URL, and an unknown role', () => {
    expect(() => loadConfig({ WEGOV_ROLE: 'web' })).toThrow(ConfigError);
    expect(() => loadConfig({ WEGOV_ROLE: 'worker' })).toThrow(/WEGOV_ROLE: worker needs REDIS_URL/);
    expect(() => loadConfig({ WEGOV_ROLE: 'both', REDIS_URL: 'redis://localhost:6379' })).toThrow(/WEGOV_ROLE: must be all, web or worker/);
  });
});

describe('wegov start --role', () => {
  it('reads --role x and --role=x; anything else is a usage error', () => {
    expect(roleOption([])).toBeUndefined();
    expect(roleOption(['--role', 'web'])).toBe('web');
    expect(roleOption(['--role=worker'])).toBe('worker');
    expect(roleOption(['--role', 'cook'])).toBeNull();
    expect(roleOption(['--role'])).toBeNull();
    expect(roleOption(['web'])).toBeNull();
  });
});
