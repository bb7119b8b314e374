import { defaultCatalogPath, loadCatalog } from '../../src/catalog';
import { DEFAULT_LIMITS } from '../../src/engine/env';
import { createEnv } from '../../src/runtime/env';
import { deliverStatusUpdate } from '../../src/runtime/status-updates';
import { MAX_COMMIT_ATTEMPTS, MAX_REFERENCE_DRAWS, runTurn } from '../../src/runtime/turn';
import { createStores, type Stores } from '../../src/state';
import { createSession, fileReport, history, post, referenceIn, RIVERSIDE_PIN, say, startHarness, submissionLines, eventually, type Harness } from '../server/harness';
import { FaultyStore } from './faulty-store';

async function harnessWithFaults(): Promise<{ h: Harness; store: FaultyStore; stores: Stores }> {
  const real = createStores();
  const store = new FaultyStore(real.sessions);
  const stores: Stores = { ...real, sessions: store };
  const h = await startHarness('memory', { overrides: { stores } });
  return { h, store, stores };
}

const metric = async (h: Harness, name: string): Promise<number> => {
  const m = h.wiring.runtime.metrics.registry.getSingleMetric(name);
  const values = (await m?.get())?.values ?? [];
  return values.reduce((sum, v) => sum + v.value, 0);
};

describe('runTurn', () => {
  it('createEnv draws crypto randomness in [0, 1) and reads the real clock', () => {
    const env = createEnv({ catalog: loadCatalog(defaultCatalogPath({})), i18n: { locales: ['en'], commandWords: {} }, limits: DEFAULT_LIMITS });
    for (let i = 0; i < 1000; i++) {
      const r = env.random();
      expect(r).toBeGreaterThanOrEqual(0);
      expect(r).toBeLessThan(1);
    }
    expect(Math.abs(env.now().getTime() - Date.now())).toBeLessThan(1000);
  });

  it('answers not_found for an unknown conversation it may not create', async () => {
    const h = await startHarness('memory');
    try {
      const result = await runTurn(h.wiring.runtime, { conversationId: 'nope', channel: 'test', input: { kind: 'text', text: 'hi' } });
      expect(result).toEqual({ kind: 'not_found' });
    } finally {
      await h.close();
    }
  });

  it('checks authorization before answering a duplicate', async () => {
    const h = await startHarness('memory');
    try {
      const s = await createSession(h.app);
      await say(h.app, s, { command: 'help', clientMessageId: 'x1' });
      const base = { conversationId: s.sessionId, channel: 'webchat', input: { kind: 'command', command: 'help' } as const, dedupeId: 'wc:x1' };
      expect(await runTurn(h.wiring.runtime, { ...base, authorize: () => false })).toEqual({ kind: 'unauthorized' });
      expect(await runTurn(h.wiring.runtime, { ...base, authorize: () => true })).toMatchObject({ kind: 'ok', duplicate: true });
    } finally {
      await h.close();
    }
  });

  it('retries a lost compare-and-set race from load, and gives up with busy (503) after repeated conflicts', async () => {
    const { h, store } = await harnessWithFaults();
    try {
      const s = await createSession(h.app);
      store.conflicts = 2;
      const ok = await post(h.app, s, { command: 'help' });
      expect(ok.status).toBe(200);
      expect(await metric(h, 'wegov_store_conflicts_total')).toBe(2);

      const before = await history(h.app, s);
      store.conflicts = MAX_COMMIT_ATTEMPTS;
      const busy = await post(h.app, s, { command: 'help' });
      expect(busy.status).toBe(503);
      expect(busy.body.error.code).toBe('busy');
      expect(busy.headers['retry-after']).toBe('1');
      expect(await history(h.app, s)).toEqual(before);
    } finally {
      await h.close();
    }
  });

  it('draws another reference when the first is taken; gives up after a few', async () => {
    const { h, store } = await harnessWithFaults();
    try {
      const s = await createSession(h.app);
      store.takenReferences = 1;
      const messages = await fileReport(h.app, s, { ...RIVERSIDE_PIN, description: 'Pothole in the middle lane', contact: null });
      const shown = referenceIn(messages);
      expect(store.reserved).toHaveLength(2);
      expect(store.reserved[1]).toBe(shown);
      expect(store.reserved[0]).not.toBe(shown);
      const line = await eventually(() => submissionLines(h.submissionsFile)[0]);
      expect(line.payload.reference).toBe(shown);

      const s2 = await createSession(h.app);
      store.takenReferences = MAX_REFERENCE_DRAWS;
      await expect(fileReport(h.app, s2, { ...RIVERSIDE_PIN, description: 'Another pothole', contact: null })).rejects.toThrow(/503/);
      expect(submissionLines(h.submissionsFile)).toHaveLength(1);
    } finally {
      await h.close();
    }
  });

  it('"delete my data" erases the transcript', async () => {
    const h = await startHarness('memory');
    try {
      const s = await createSession(h.app);
      await say(h.app, s, { text: 'my secret words' });
      await say(h.app, s, { command: 'forget' });
      const erased = await say(h.app, s, { choice: 'yes' });
      const left = await history(h.app, s);
      expect(left.some((m) => m.text.includes('my secret words'))).toBe(false);
      expect(left.map((m) => m.id)).toEqual(expect.arrayContaining(erased.map((m) => m.id)));
    } finally {
      await h.close();
    }
  });
});

describe('deliverStatusUpdate', () => {
  it('reports unknown references and conversations that have expired', async () => {
    const h = await startHarness('memory');
    try {
      const deps = h.wiring.runtime;
      expect(await deliverStatusUpdate(deps, { reference: 'WG-ZZZZZZ', status: 'closed' })).toBe('unknown_reference');
      await deps.store.reserveReference('WG-GONE22', 'conversation-that-expired');
      expect(await deliverStatusUpdate(deps, { reference: 'WG-GONE22', status: 'closed' })).toBe('conversation_gone');
    } finally {
      await h.close();
    }
  });

  it('applies a repeated push once but a new status again', async () => {
    const h = await startHarness('memory');
    try {
      const s = await createSession(h.app);
      const reference = referenceIn(await fileReport(h.app, s, { ...RIVERSIDE_PIN, description: 'Loose manhole cover', contact: null }));
      const deps = h.wiring.runtime;
      const count = async (): Promise<number> => (await history(h.app, s)).filter((m) => m.from === 'bot' && m.text.includes(reference)).length;
      const start = await count();
      expect(await deliverStatusUpdate(deps, { reference, status: 'acknowledged' })).toBe('delivered');
      expect(await deliverStatusUpdate(deps, { reference, status: 'acknowledged' })).toBe('delivered');
      expect(await count()).toBe(start + 1);
      expect(await deliverStatusUpdate(deps, { reference, status: 'closed', notes: 'Fixed.' })).toBe('delivered');
      expect(await count()).toBe(start + 2);
    } finally {
      await h.close();
    }
  });
});
