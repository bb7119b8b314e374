/**
 * Every route that reads a body answers a body it cannot read with a coded 4xx, never a 500,
 * and logs nothing at error level: a `Content-Encoding: gzip` body with bad bytes, a truncated
 * one, a gzip bomb, an unknown encoding, an undecodable path, an upload cut off mid-way.
 */
import net from 'node:net';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import express from 'express';
import getRawBody from 'raw-body';
import request from 'supertest';
import { clientErrorAnswer } from '../../src/server/body-errors';
import { ADMIN_TOKEN, agencySignature, startAllRoutes, TELEGRAM_SECRET } from './all-routes';
import { createSession, eventually, type Harness, type StoreKind } from './harness';
import { LEVEL, LogLines } from './log-lines';

type ErrorBody = { error: { code: string; message: string } };

/** Sends `body` byte for byte (superagent would JSON-encode a Buffer under a JSON content type). */
function raw(test: request.Test, body: Buffer): request.Test {
  // serialize() is typed to return a string; the node client writes a Buffer as it is.
  return test.serialize((b: unknown) => b as string).send(body);
}

const NOT_GZIP = Buffer.from('{"text":"this was never gzipped"}');
const TRUNCATED_GZIP = zlib.gzipSync(Buffer.from(JSON.stringify({ text: 'x'.repeat(2000) }))).subarray(0, 40);
const BAD_BROTLI = Buffer.from([0xff, 0xff, 0xff, 0xff, 0x00, 0x01, 0x02]);

describe.each<StoreKind>(['memory', 'redis'])('request bodies that cannot be read (%s)', (kind) => {
  let h: Harness;
  let log: LogLines;
  let session: { sessionId: string; token: string };
  beforeAll(async () => {
    log = new LogLines();
    h = await startAllRoutes(kind, { logDestination: log });
    session = await createSession(h.app);
  });
  afterAll(async () => {
    await h.close();
  });
  afterEach(() => {
    expect(log.atLeast(LEVEL.error)).toEqual([]);
  });

  /** Every route that parses a body, with what it needs to get as far as reading it. */
  const routes = (): { name: string; path: string; headers: Record<string, string> }[] => [
    { name: 'web chat: new session', path: '/webchat/sessions', headers: {} },
    { name: 'web chat: message', path: `/webchat/sessions/${session.sessionId}/messages`, headers: { Authorization: `Bearer ${session.token}` } },
    { name: 'admin: case status', path: '/admin/cases/WG-7K3QX9/status', headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } },
    { name: 'agency: signed push (unsigned)', path: '/agency/status', headers: {} },
    { name: 'agency: signed push', path: '/agency/status', headers: agencySignature(NOT_GZIP) },
    { name: 'telegram: webhook', path: '/telegram/webhook', headers: { 'X-Telegram-Bot-Api-Secret-Token': TELEGRAM_SECRET } },
  ];

  const send = (path: string, headers: Record<string, string>, encoding: string, body: Buffer) =>
    raw(request(h.app).post(path).set(headers).set('Content-Type', 'application/json').set('Content-Encoding', encoding), body);

  it.each([
    ['gzip', 'bytes that are not gzip', NOT_GZIP],
    ['gzip', 'a truncated gzip stream', TRUNCATED_GZIP],
    ['deflate', 'bytes that are not deflate', NOT_GZIP],
    ['br', 'bytes that are not brotli', BAD_BROTLI],
  ])('Content-Encoding: %s with %s -> 400 invalid_encoding on every route', async (encoding, _what, body) => {
    for (const r of routes()) {
      const res = await send(r.path, r.headers, encoding, body);
      expect({ route: r.name, status: res.status, code: (res.body as ErrorBody).error?.code }).toEqual({ route: r.name, status: 400, code: 'invalid_encoding' });
      expect(typeof (res.body as ErrorBody).error.message).toBe('string');
    }
  });

  it('Slack refuses any Content-Encoding with 415 unsupported_encoding (Slack never compresses), as coded JSON', async () => {
    for (const body of [NOT_GZIP, TRUNCATED_GZIP]) {
      const res = await raw(request(h.app).post('/slack/events').set('Content-Type', 'application/json').set('Content-Encoding', 'gzip'), body);
      expect(res.status).toBe(415);
      expect((res.body as ErrorBody).error.code).toBe('unsupported_encoding');
    }
    // Bolt's own refusals (here: no signature) carry the same coded body.
    const unsigned = await request(h.app).post('/slack/events').set('Content-Type', 'application/json').send('{}');
    expect(unsigned.status).toBe(401);
    expect((unsigned.body as ErrorBody).error.code).toBe('bad_signature');
  });

  it('an unknown Content-Encoding -> 415 unsupported_encoding', async () => {
    for (const r of routes()) {
      const res = await send(r.path, r.headers, 'compress', NOT_GZIP);
      expect({ route: r.name, status: res.status, code: (res.body as ErrorBody).error?.code }).toEqual({ route: r.name, status: 415, code: 'unsupported_encoding' });
    }
  });

  it('a gzip bomb (20 MB of zeros in 20 KB) -> 413 payload_too_large, decompression stops at the limit', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(100_000);
    for (const r of routes()) {
      const res = await send(r.path, r.headers, 'gzip', bomb);
      expect({ route: r.name, status: res.status, code: (res.body as ErrorBody).error?.code }).toEqual({ route: r.name, status: 413, code: 'payload_too_large' });
    }
  });

  it('a well-formed gzip body is accepted', async () => {
    const res = await send('/webchat/sessions', {}, 'gzip', zlib.gzipSync(Buffer.from('{"locale":"es"}')));
    expect(res.status).toBe(201);
  });

  it('a path that does not decode (%E0) -> 400 bad_request', async () => {
    for (const path of ['/webchat/sessions/%E0%A4%A/messages', '/admin/cases/%FF/status']) {
      const res = await request(h.app).post(path).set('Authorization', `Bearer ${ADMIN_TOKEN}`).send({});
      expect({ path, status: res.status, code: (res.body as ErrorBody).error?.code }).toEqual({ path, status: 400, code: 'bad_request' });
    }
  });

  it('an upload cut off mid-body is dropped quietly (no error log, the app keeps serving)', async () => {
    const server = h.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const socket = net.connect(port, '127.0.0.1');
      await new Promise((r) => socket.once('connect', r));
      socket.write('POST /webchat/sessions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"locale":');
      await new Promise((r) => setTimeout(r, 50));
      socket.destroy();
      const connections = (): Promise<number> => new Promise((resolve, reject) => server.getConnections((err, n) => (err ? reject(err) : resolve(n))));
      await eventually(async () => ((await connections()) === 0 ? true : undefined));
      await new Promise((r) => setTimeout(r, 20));
      expect((await request(server).get('/healthz')).status).toBe(200);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe('the body errors of body-parser and raw-body, as the libraries raise them', () => {
  const bodyOf = (text: string): Readable => Readable.from([Buffer.from(text)]);
  const failure = async (run: () => Promise<unknown>): Promise<unknown> => {
    try {
      await run();
    } catch (err) {
      return err;
    }
    throw new Error('expected a failure');
  };

  it.each<[string, number, string, () => Promise<unknown>]>([
    ['a body shorter than its length', 400, 'invalid_length', () => getRawBody(bodyOf('12345'), { length: 10 })],
    ['a body over the limit', 413, 'payload_too_large', () => getRawBody(bodyOf('123456'), { limit: 3 })],
    [
      'a stream with an encoding set',
      400,
      'invalid_body',
      () => {
        const s = bodyOf('x');
        s.setEncoding('utf8');
        return getRawBody(s);
      },
    ],
    [
      'a stream already read',
      400,
      'invalid_body',
      () => {
        const s = bodyOf('x');
        s.destroy();
        return getRawBody(s);
      },
    ],
  ])('%s -> %d %s', async (_what, status, code, run) => {
    expect(clientErrorAnswer(await failure(run))).toMatchObject({ status, code });
  });

  it('too many urlencoded parameters -> 413, a verify refusal -> 400, an unknown charset -> 415', async () => {
    const app = express();
    app.post('/form', express.urlencoded({ extended: false, parameterLimit: 2 }), (_req, res) => void res.end());
    app.post('/verified', express.json({ verify: () => { throw new Error('refused'); } }), (_req, res) => void res.end());
    const seen: unknown[] = [];
    app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      seen.push(err);
      res.status(599).end();
    });
    await request(app).post('/form').type('form').send('a=1&b=2&c=3');
    await request(app).post('/verified').send({ a: 1 });
    await request(app).post('/verified').set('Content-Type', 'application/json; charset=x-no-such-charset').send('{}');
    expect(seen.map(clientErrorAnswer)).toEqual([
      expect.objectContaining({ status: 413, code: 'payload_too_large' }),
      expect.objectContaining({ status: 400, code: 'invalid_body' }),
      expect.objectContaining({ status: 415, code: 'unsupported_media_type' }),
    ]);
  });

  it('errors that are not the client\'s are left to the 5xx path', () => {
    expect(clientErrorAnswer(new Error('boom'))).toBeUndefined();
    expect(clientErrorAnswer(Object.assign(new Error('upstream'), { status: 502 }))).toBeUndefined();
    expect(clientErrorAnswer('a string')).toBeUndefined();
  });
});
