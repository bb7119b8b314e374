import { Writable } from 'node:stream';
import { createLogger } from '../../src/log';

describe('log pseudonyms', () => {
  it('never writes a chat id, only a stable pseudonym', () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      destination: new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(chunk.toString('utf8'));
          done();
        },
      }),
    });
    logger.info({ chatId: 4242001337 }, 'one');
    logger.info({ chatId: 4242001337 }, 'two');
    logger.info({ chatId: 5151 }, 'three');
    expect(lines.join('')).not.toContain('4242001337');
    const ids = lines.map((l) => (JSON.parse(l) as { chatId: string }).chatId);
    expect(ids[0]).toMatch(/^p_[A-Za-z0-9_-]{12}$/);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
  });
});
