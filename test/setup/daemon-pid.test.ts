/**
 * The test daemons' pids (daemon-pid.ts): a pid file read while the daemon is still writing it
 * must not become pid 0, because signalling 0 kills the whole process group (jest, npm and the CI
 * script: a clean CI run died with exit 137 that way).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertDaemonPid, parsePid, readPidFile } from './daemon-pid';

describe('daemon pid files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wegov-pid-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads an empty or half-written pid file as no pid yet, never as 0', () => {
    expect(parsePid('')).toBeUndefined();
    expect(parsePid('\n')).toBeUndefined();
    expect(parsePid('0')).toBeUndefined();
    expect(parsePid('1')).toBeUndefined();
    expect(parsePid('-12')).toBeUndefined();
    expect(parsePid('12a')).toBeUndefined();
    expect(parsePid('4242\n')).toBe(4242);
  });

  it('waits while the daemon has created its pid file but not yet written the number', async () => {
    const file = join(dir, 'redis.pid');
    writeFileSync(file, '');
    setTimeout(() => writeFileSync(file, '31337\n'), 100);
    await expect(readPidFile(file, 2_000)).resolves.toBe(31337);
  });

  it('waits for a pid file that does not exist yet, and says what it found when none comes', async () => {
    const file = join(dir, 'later.pid');
    setTimeout(() => writeFileSync(file, '2718\n'), 60);
    await expect(readPidFile(file, 2_000)).resolves.toBe(2718);
    writeFileSync(join(dir, 'empty.pid'), '');
    await expect(readPidFile(join(dir, 'empty.pid'), 100)).rejects.toThrow('waited 100 ms for a pid');
  });

  it('refuses to signal a process group or init', () => {
    for (const pid of [0, -1, -4242, 1, Number.NaN, 2.5]) expect(() => assertDaemonPid(pid)).toThrow('refusing to signal');
    expect(() => assertDaemonPid(process.pid)).not.toThrow();
  });
});
