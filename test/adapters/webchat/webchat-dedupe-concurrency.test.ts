import type { StoredMessage } from '../../../src/state/types';
import { createSession, history, post, startHarness, type Harness, type StoreKind } from '../../server/harness';

const versionOf = (id: string): number => Number(id.split('.')[0]);

describe.each<StoreKind>(['memory', 'redis'])('duplicates and concurrency (%s)', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(async () => {
    await h.close();
  });

  it('the same clientMessageId twice is processed once and answered with the same messages', async () => {
    const s = await createSession(h.app);
    const first = await post(h.app, s, { text: 'I want to report something', clientMessageId: 'm-1' });
    const again = await post(h.app, s, { text: 'I want to report something', clientMessageId: 'm-1' });
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);

    const echoes = (await history(h.app, s)).filter((m) => m.from === 'user');
    expect(echoes.map((m) => m.text)).toEqual(['I want to report something']);

    // A new id is a new message.
    const next = await post(h.app, s, { text: 'I want to report something', clientMessageId: 'm-2' });
    expect(next.body).not.toEqual(first.body);
    expect((await history(h.app, s)).filter((m) => m.from === 'user')).toHaveLength(2);
  });

  it('the same clientMessageId sent concurrently is still processed once', async () => {
    const s = await createSession(h.app);
    const replies = await Promise.all(Array.from({ length: 5 }, () => post(h.app, s, { command: 'help', clientMessageId: 'tap-1' })));
    for (const r of replies) {
      expect(r.status).toBe(200);
      expect(r.body).toEqual(replies[0]?.body);
    }
    const transcript = await history(h.app, s);
    expect(new Set(transcript.map((m) => versionOf(m.id)))).toEqual(new Set([1, 2]));
  });

  it('different messages sent at once to one session: none lost, each applied once, one version each', async () => {
    const s = await createSession(h.app);
    const texts = Array.from({ length: 8 }, (_, i) => `concurrent message ${i}`);
    const replies = await Promise.all(texts.map((text, i) => post(h.app, s, { text, clientMessageId: `c-${i}` })));
    for (const r of replies) expect(r.status).toBe(200);

    const transcript: StoredMessage[] = await history(h.app, s);
    const echoes = transcript.filter((m) => m.from === 'user');
    expect(echoes.map((m) => m.text).sort()).toEqual([...texts].sort());
    // Versions 2..9, one per message, each with its own echo.
    expect(echoes.map((m) => versionOf(m.id)).sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    // Every reply's messages are in the history exactly once.
    const ids = transcript.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of replies) {
      for (const m of (r.body as { messages: StoredMessage[] }).messages) expect(ids.filter((id) => id === m.id)).toHaveLength(1);
    }
  });
});
