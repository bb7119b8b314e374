import crypto from 'node:crypto';
import { sign, verify } from '../../../src/sinks/webhook/signature';

const secret = 'whsec_test';
const body = '{"version":1,"type":"report.submitted","id":"sub_1"}';
const now = new Date('2026-11-27T10:00:00Z');
const ts = Math.floor(now.getTime() / 1000);

function headers(timestamp: number | string, signature: string): Record<string, string> {
  return { 'x-wegov-timestamp': String(timestamp), 'x-wegov-signature': signature };
}

describe('webhook signature', () => {
  it('is v1= + hex HMAC-SHA256 over `${timestamp}.${body}`', () => {
    const expected = crypto.createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex');
    expect(sign(secret, ts, body)).toBe(`v1=${expected}`);
  });

  it('accepts a fresh, correct signature (string or Buffer body, Headers or record)', () => {
    const sig = sign(secret, ts, body);
    expect(verify(secret, headers(ts, sig), body, now)).toEqual({ ok: true, timestamp: ts });
    expect(verify(secret, headers(ts, sig), Buffer.from(body), now).ok).toBe(true);
    const fetchHeaders = new Headers({ 'X-WeGov-Timestamp': String(ts), 'X-WeGov-Signature': sig });
    expect(verify(secret, fetchHeaders, body, now).ok).toBe(true);
    expect(verify(secret, { 'X-WeGov-Timestamp': String(ts), 'X-WeGov-Signature': sig }, body, now).ok).toBe(true);
  });

  it('rejects a tampered body', () => {
    const sig = sign(secret, ts, body);
    expect(verify(secret, headers(ts, sig), body.replace('sub_1', 'sub_2'), now)).toEqual({ ok: false, code: 'bad_signature' });
  });

  it('rejects a wrong secret', () => {
    expect(verify('other', headers(ts, sign(secret, ts, body)), body, now)).toEqual({ ok: false, code: 'bad_signature' });
  });

  it('rejects a signature moved to another timestamp', () => {
    expect(verify(secret, headers(ts + 1, sign(secret, ts, body)), body, now)).toEqual({ ok: false, code: 'bad_signature' });
  });

  it('rejects a timestamp older than 5 minutes, or more than 5 minutes ahead (replay)', () => {
    const old = ts - 301;
    expect(verify(secret, headers(old, sign(secret, old, body)), body, now)).toEqual({ ok: false, code: 'stale_timestamp' });
    const future = ts + 301;
    expect(verify(secret, headers(future, sign(secret, future, body)), body, now)).toEqual({ ok: false, code: 'stale_timestamp' });
    const edge = ts - 300;
    expect(verify(secret, headers(edge, sign(secret, edge, body)), body, now).ok).toBe(true);
    expect(verify(secret, headers(old, sign(secret, old, body)), body, now, 600).ok).toBe(true);
  });

  it('reports missing headers', () => {
    expect(verify(secret, {}, body, now)).toEqual({ ok: false, code: 'missing_header' });
    expect(verify(secret, { 'x-wegov-timestamp': String(ts) }, body, now)).toEqual({ ok: false, code: 'missing_header' });
    expect(verify(secret, { 'x-wegov-signature': sign(secret, ts, body) }, body, now)).toEqual({ ok: false, code: 'missing_header' });
  });

  it('reports malformed headers', () => {
    const sig = sign(secret, ts, body);
    expect(verify(secret, headers('soon', sig), body, now)).toEqual({ ok: false, code: 'bad_format' });
    expect(verify(secret, headers(ts, sig.slice(3)), body, now)).toEqual({ ok: false, code: 'bad_format' });
    expect(verify(secret, headers(ts, 'v2=' + sig.slice(3)), body, now)).toEqual({ ok: false, code: 'bad_format' });
    expect(verify(secret, headers(ts, sig.slice(0, -2)), body, now)).toEqual({ ok: false, code: 'bad_format' });
  });
});
