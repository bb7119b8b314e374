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

describe('identifying fields', () => {
  function capture() {
    const records: Record<string, unknown>[] = [];
    const logger = createLogger({
      level: 'trace',
      destination: new Writable({
        write(chunk: Buffer, _enc, done) {
          records.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
          done();
        },
      }),
    });
    return { logger, records };
  }

  it('logs conversation ids, session ids, references, Slack users and IPs as pseudonyms, at the top level and one level down', () => {
    const { logger, records } = capture();
    const raw = { conversationId: 'tg:4242001337', sessionId: 'wc-session-abcdef', reference: 'WG-7K3QX9', user: 'U0SLACKUSER', ip: '203.0.113.9' };
    logger.child({ component: 'test' }).warn({ ...raw, job: { ...raw, text: 'my address' } }, 'one');
    logger.info({ conversationId: 'tg:4242001337' }, 'two');
    const [first, second] = records;
    for (const [field, value] of Object.entries(raw)) {
      expect(first?.[field]).toMatch(/^p_[A-Za-z0-9_-]{12}$/);
      expect((first?.job as Record<string, unknown>)[field]).toBe(first?.[field]);
      expect(JSON.stringify(records)).not.toContain(value);
    }
    expect((first?.job as Record<string, unknown>).text).toBe('[redacted]');
    expect(second?.conversationId).toBe(first?.conversationId);
  });
});
