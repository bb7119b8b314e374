/**
 * Bolt's Logger interface on WeGov's pino logger (component `slack-bolt`). Bolt's and the Web
 * API client's debug lines are dropped: they include request bodies (people's messages);
 * their info lines (lifecycle) go to debug; warnings and errors pass, cut to 500 characters.
 */
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/log';

export function boltLogger(logger: Logger): BoltLogger {
  const log = logger.child({ component: 'slack-bolt' });
  let level = LogLevel.INFO;
  const line = (msg: unknown[]): string => msg.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : JSON.stringify(m))).join(' ').slice(0, 500);
  return {
    debug: () => undefined,
    info: (...msg: unknown[]) => log.debug(line(msg)),
    warn: (...msg: unknown[]) => log.warn(line(msg)),
    error: (...msg: unknown[]) => log.error(line(msg)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
