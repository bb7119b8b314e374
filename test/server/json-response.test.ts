/**
 * sendJson (src/server/json-response.ts) answers as express's res.status().json() does in the
 * app (ETag off): same status, body, Content-Type and Content-Length, short and long bodies,
 * non-ASCII text; HEAD gets the headers only.
 */
import express from 'express';
import request from 'supertest';
import { sendJson } from '../../src/server/json-response';

const bodies: [string, unknown][] = [
  ['short', { ok: true }],
  ['over 1,000 characters, non-ASCII', { messages: Array.from({ length: 40 }, (_, i) => ({ id: i, text: 'Señal rota — شارع ٣ ✓' })) }],
];

function app(): express.Express {
  const a = express();
  a.set('etag', false);
  a.get('/express/:i', (req, res) => {
    res.status(201).json(bodies[Number(req.params.i)]![1]);
  });
  a.get('/send/:i', (req, res) => {
    sendJson(res, 201, bodies[Number(req.params.i)]![1]);
  });
  return a;
}

describe('sendJson', () => {
  it.each(bodies.map((b, i) => [b[0], i] as const))('answers as res.json does: %s', async (_name, i) => {
    const viaExpress = await request(app()).get(`/express/${i}`);
    const viaSend = await request(app()).get(`/send/${i}`);
    expect(viaSend.status).toBe(201);
    expect(viaSend.text).toBe(viaExpress.text);
    expect(viaSend.headers['content-type']).toBe(viaExpress.headers['content-type']);
    expect(viaSend.headers['content-length']).toBe(viaExpress.headers['content-length']);
    expect(viaSend.body).toEqual(bodies[i]![1]);
  });

  it('HEAD: the headers without the body', async () => {
    const res = await request(app()).head('/send/0');
    expect(res.status).toBe(201);
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength(JSON.stringify(bodies[0]![1]))));
    expect(res.text ?? '').toBe('');
  });
});
