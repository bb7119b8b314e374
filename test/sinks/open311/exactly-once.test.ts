/**
 * Open311 has no idempotency key, so the sink keeps a case record (src/cases) around each POST.
 * These tests replay what a retry sees after each way a delivery can end badly, against the
 * validating fake agency, with both case stores: the agency ends up with one case, never two.
 */
import { randomUUID } from 'node:crypto';
import type { CaseStore } from '../../../src/cases';
import { Open311Client, Open311PermanentError, Open311RetryableError, Open311Sink } from '../../../src/sinks/open311';
import type { Stores } from '../../../src/state';
import { caseStoreKinds } from '../../cases/stores';
import { FakeOpen311Server } from './fake-open311-server';
import { noMedia, report, submission } from './fixtures';

let server: FakeOpen311Server;
const open: Stores[] = [];
beforeEach(async () => {
  server = await new FakeOpen311Server().start();
});
afterEach(async () => {
  expect(server.violations).toEqual([]);
  await server.stop();
});
afterAll(async () => {
  for (const s of open) await s.close();
});

const stores = caseStoreKinds(open);

describe.each(stores)('Open311 delivery, exactly once in effect (%s case store)', (_kind, makeCases) => {
  let cases: CaseStore;
  let sinkKey: string;
  const sub = () => submission(report({ reference: `WG-${randomUUID().slice(0, 6).toUpperCase()}` }), `sub-${randomUUID().slice(0, 8)}`);
  const sink = (timeoutMs = 1000) => new Open311Sink({ client: new Open311Client({ endpoint: server.endpoint, timeoutMs }), cases, tokenPolls: 0 });
  const ctx = (attempt: number) => ({ sinkKey, attempt });
  beforeEach(() => {
    cases = makeCases();
    sinkKey = `pw-${randomUUID().slice(0, 8)}.0`;
  });

  it('records the case; a repeated delivery (crash before the ack) does not POST again', async () => {
    const s = sub();
    await sink().deliver(s, noMedia, ctx(1));
    await sink().deliver(s, noMedia, ctx(2));
    expect(server.posts).toHaveLength(1);
    const c = await cases.get(`${s.id}@${sinkKey}`);
    expect(c).toMatchObject({ state: 'created', serviceRequestId: '1000', status: 'open', reference: (s.payload as { reference: string }).reference });
    expect((await cases.tracked(sinkKey)).map((t) => t.serviceRequestId)).toEqual(['1000']);
  });

  it('the agency made the case but the answer never came (connection dropped): the retry finds it by reference, no second POST', async () => {
    const s = sub();
    server.nextPost.push((res, form) => {
      server.createCase(server.allocateId(), form);
      res.socket?.destroy();
    });
    await expect(sink().deliver(s, noMedia, ctx(1))).rejects.toBeInstanceOf(Open311RetryableError);
    expect(await cases.get(`${s.id}@${sinkKey}`)).toMatchObject({ state: 'sending' });
    await sink().deliver(s, noMedia, ctx(2));
    expect(server.posts).toHaveLength(1);
    expect(server.searches).toBe(1);
    expect(await cases.get(`${s.id}@${sinkKey}`)).toMatchObject({ state: 'created', serviceRequestId: '1000' });
  });

  it('the agency made the case and answered too slowly (timeout): the retry finds it, no second POST', async () => {
    const s = sub();
    server.nextPost.push((res, form) => {
      const id = server.allocateId();
      server.createCase(id, form);
      setTimeout(() => res.json([{ service_request_id: id }]), 400).unref();
    });
    await expect(sink(150).deliver(s, noMedia, ctx(1))).rejects.toMatchObject({ code: 'timeout' });
    await sink().deliver(s, noMedia, ctx(2));
    expect(server.posts).toHaveLength(1);
  });

  it('the agency was down (503, no case made): the retry searches, finds nothing, and POSTs once', async () => {
    const s = sub();
    server.nextPost.push((res) => res.status(503).send('down'));
    await expect(sink().deliver(s, noMedia, ctx(1))).rejects.toBeInstanceOf(Open311RetryableError);
    await sink().deliver(s, noMedia, ctx(2));
    expect(server.posts).toHaveLength(2);
    expect(server.cases.size).toBe(1);
    expect(await cases.get(`${s.id}@${sinkKey}`)).toMatchObject({ state: 'created', serviceRequestId: '1000' });
  });

  it('another report of the same service in the window is not taken for ours', async () => {
    const other = sub();
    await sink().deliver(other, noMedia, { sinkKey: `${sinkKey}-other`, attempt: 1 });
    const s = sub();
    server.nextPost.push((res) => res.status(502).send('bad gateway'));
    await expect(sink().deliver(s, noMedia, ctx(1))).rejects.toBeInstanceOf(Open311RetryableError);
    await sink().deliver(s, noMedia, ctx(2));
    expect(server.cases.size).toBe(2);
    expect((await cases.get(`${s.id}@${sinkKey}`))?.serviceRequestId).toBe('1001');
  });

  it('a search that fails (503) is retried later, never followed by a blind POST', async () => {
    const s = sub();
    server.nextPost.push((res, form) => {
      server.createCase(server.allocateId(), form);
      res.socket?.destroy();
    });
    await expect(sink().deliver(s, noMedia, ctx(1))).rejects.toBeInstanceOf(Open311RetryableError);
    server.nextStatuses.push((res) => res.status(503).send('down'));
    await expect(sink().deliver(s, noMedia, ctx(2))).rejects.toBeInstanceOf(Open311RetryableError);
    expect(server.posts).toHaveLength(1);
    await sink().deliver(s, noMedia, ctx(3));
    expect(server.posts).toHaveLength(1);
  });

  it('an endpoint without search (400): the retry POSTs (the only case where the agency may see two)', async () => {
    server.searchSupported = false;
    const s = sub();
    server.nextPost.push((res) => res.status(500).send('oops'));
    await expect(sink().deliver(s, noMedia, ctx(1))).rejects.toBeInstanceOf(Open311RetryableError);
    await sink().deliver(s, noMedia, ctx(2));
    expect(server.posts).toHaveLength(2);
  });

  it('a refusal (400) keeps the agency error array on the case, untracked', async () => {
    const s = sub();
    server.nextPost.push((res) => res.status(400).json([{ code: 'service_code', description: 'service 001 is retired' }]));
    await expect(sink().deliver(s, noMedia, ctx(1))).rejects.toBeInstanceOf(Open311PermanentError);
    expect(await cases.get(`${s.id}@${sinkKey}`)).toMatchObject({ state: 'rejected', agencyErrors: [{ code: 'service_code', description: 'service 001 is retired' }] });
    expect(await cases.tracked(sinkKey)).toEqual([]);
  });
});
