/**
 * A report's record survives a crash between the commit and what comes after it. The record
 * used to be written by the turn after its commit: a process killed in between left a committed,
 * delivered report whose "status WG-…" answered unknown for good. Now it rides in the report's
 * outbox entry and the outbox relay writes it when it hands the report over, so the restarted
 * process's sweep writes it. The fault: the store applies the report's commit, then the turn
 * dies (as a process killed right after the commit reached the store would).
 */
import type { SessionStore } from '../../src/state/types';
import { createSession, fileReport, RIVERSIDE_PIN, say, startHarness, type Harness } from '../server/harness';

const texts = (ms: readonly { text: string }[]): string => ms.map((m) => m.text).join('\n');

describe.each(['memory', 'redis'] as const)('%s', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(async () => h?.close());

  it('a report committed just before the process died gets its record from the sweep after the restart', async () => {
    const real = h.wiring.runtime.store;
    let killed = false;
    // The fault: the report's commit is applied, then the turn goes no further.
    h.wiring.runtime.store = new Proxy(real, {
      get(target, prop, receiver) {
        const value: unknown = Reflect.get(target, prop, receiver);
        // The store's own methods, on the store itself (its private fields are not the proxy's).
        if (prop !== 'commit') return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        const commit: SessionStore['commit'] = async (req) => {
          const result = await target.commit(req);
          if (!killed && req.submissions.some((s) => s.kind === 'report')) {
            killed = true;
            throw new Error('process killed after the commit');
          }
          return result;
        };
        return commit;
      },
    });
    const s = await createSession(h.app, { locale: 'en' });
    try {
      await expect(fileReport(h.app, s, { ...RIVERSIDE_PIN, description: 'Deep pothole by the bakery', contact: null })).rejects.toThrow(/_submit.*500/);
    } finally {
      h.wiring.runtime.store = real;
    }
    expect(killed).toBe(true);

    // Committed: the report waits in the outbox, with its record.
    const pending = (await real.pendingSubmissions()).filter((p) => p.conversationId === s.sessionId);
    expect(pending).toHaveLength(1);
    const reference = (pending[0]!.payload as { reference: string }).reference;
    expect(pending[0]!.record).toMatchObject({ reference, categoryId: 'pothole', status: 'open' });
    const stranger = await createSession(h.app, { locale: 'en' });
    expect(texts(await say(h.app, stranger, { text: `status ${reference}` }))).not.toContain(`${reference}: Pothole`);

    // The restarted process sweeps what was left pending (here: this conversation's only, the store is shared).
    await h.wiring.relay.forwardBatch(pending);
    expect((await real.pendingSubmissions()).filter((p) => p.conversationId === s.sessionId)).toEqual([]);
    expect(await h.wiring.stores.reports.get(reference)).toMatchObject({ reference, categoryId: 'pothole', status: 'open' });
    expect(texts(await say(h.app, stranger, { text: `status ${reference}` }))).toContain(`${reference}: Pothole`);

    // A second hand-over (a crash after the record, before the acknowledgement) changes nothing.
    await h.wiring.stores.reports.setStatus(reference, 'in_progress', undefined, new Date().toISOString());
    await h.wiring.relay.forwardBatch(pending);
    expect(await h.wiring.stores.reports.get(reference)).toMatchObject({ status: 'in_progress' });
  });

});
