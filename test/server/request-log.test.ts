/** The per-request log line: built only when it will be written (debug on, or a 5xx). */
import express from 'express';
import request from 'supertest';
import { createLogger } from '../../src/log';
import { requestLog } from '../../src/server/request-log';
import { LEVEL, LogLines } from './log-lines';

function appLogging(level: string) {
  const lines = new LogLines();
  const app = express();
  app.use(requestLog(createLogger({ level, destination: lines, format: 'json' })));
  app.get('/webchat/sessions/:id/messages', (_req, res) => {
    res.json({ ok: true });
  });
  app.get('/boom', (_req, res) => {
    res.status(503).json({ ok: false });
  });
  return { app, lines };
}

describe('requestLog', () => {
  it('with debug off writes nothing for a request that succeeds', async () => {
    const { app, lines } = appLogging('info');
    await request(app).get('/webchat/sessions/abcdefghijklmnopqrstuv/messages?token=secret').expect(200);
    expect(lines.lines).toEqual([]);
  });

  it('with debug off still writes a warn line, masked, for a 5xx', async () => {
    const { app, lines } = appLogging('info');
    await request(app).get('/boom').expect(503);
    expect(lines.lines).toHaveLength(1);
    expect(lines.lines[0]).toMatchObject({ level: LEVEL.warn, msg: 'request', method: 'GET', path: '/boom', status: 503 });
    expect(typeof lines.lines[0]?.ms).toBe('number');
  });

  it('with debug on writes a debug line with the id masked and no query', async () => {
    const { app, lines } = appLogging('debug');
    await request(app).get('/webchat/sessions/abcdefghijklmnopqrstuv/messages?token=secret').expect(200);
    expect(lines.lines).toHaveLength(1);
    expect(lines.lines[0]).toMatchObject({ level: LEVEL.debug, path: '/webchat/sessions/:id/messages', status: 200 });
    expect(JSON.stringify(lines.lines)).not.toContain('secret');
  });
});
