/**
 * The block is checked in the runtime turn, so it holds on every channel: here the web chat API
 * (no adapter code of its own for it). A blocked resident gets the reply once a day, in their
 * language, and nothing is processed; the agency's status updates still reach them.
 */
import { blockReporter, blockedReporters } from '../../src/runtime/abuse-list';
import { deliverStatusUpdate } from '../../src/runtime/status-updates';
import { createSession, fileReport, history, post, referenceIn, RIVERSIDE_PIN, say, startHarness, type Harness } from '../server/harness';
import { TestClock } from '../adapters/telegram/abuse-support';

describe('a blocked web chat conversation', () => {
  let h: Harness;
  const clock = new TestClock(Date.UTC(2030, 0, 1, 12, 0, 0));
  beforeAll(async () => {
    h = await startHarness('memory', { overrides: { now: clock.now } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('is told once a day in its language, processes nothing, and still hears from the agency', async () => {
    const s = await createSession(h.app, { locale: 'ar' });
    const reference = referenceIn(await fileReport(h.app, s, { ...RIVERSIDE_PIN, description: 'حفرة عميقة في الشارع', contact: null }));
    const blocked = await blockReporter(h.wiring.runtime, { reference, by: 'USTAFF', reason: 'abuse' });
    expect(blocked).toMatchObject({ kind: 'blocked', block: { reference, agencyId: 'public-works', blockedBy: 'USTAFF', reason: 'abuse' } });
    expect(await blockReporter(h.wiring.runtime, { reference, by: 'UOTHER', reason: 'again' })).toMatchObject({ kind: 'already_blocked', block: { blockedBy: 'USTAFF' } });
    expect((await blockedReporters(h.wiring.runtime)).find((b) => b.reference === reference)).not.toHaveProperty('identity');

    const transcript = await history(h.app, s);
    const told = await say(h.app, s, { text: 'قائمة' });
    expect(told).toEqual([expect.objectContaining({ from: 'bot', lang: 'ar', text: expect.stringContaining('لم يعد بإمكان هذا الحساب إرسال البلاغات') })]);
    expect(told[0]!.text).toContain('إدارة الأشغال العامة');
    expect(await say(h.app, s, { choice: 'report' })).toEqual([]);
    clock.advance(86_400_000 + 1);
    expect(await say(h.app, s, { text: 'قائمة' })).toHaveLength(1);
    expect((await post(h.app, s, { text: 'x' })).status).toBe(200);
    expect(await history(h.app, s)).toEqual(transcript);

    // The agency's answer is not the person's message: it still arrives.
    expect(await deliverStatusUpdate(h.wiring.runtime, { reference, status: 'closed', notes: 'Repaired' })).toBe('delivered');
    expect((await history(h.app, s)).length).toBeGreaterThan(transcript.length);
  });

  it('a block set from another process reaches a conversation under way within seconds; until then its turns skip the store', async () => {
    const s = await createSession(h.app, { locale: 'en' });
    const reference = referenceIn(await fileReport(h.app, s, { ...RIVERSIDE_PIN, description: 'Deep pothole', contact: null }));
    const store = h.wiring.runtime.abuse!.store;
    const admit = jest.spyOn(store, 'admit');
    await say(h.app, s, { command: 'menu' });
    await say(h.app, s, { command: 'help' });
    // Recently cleared: the web chat's turns (which count nothing) do not ask the store again.
    expect(admit).not.toHaveBeenCalled();
    // Another process blocks it: this one's recent "not blocked" is trusted a little longer...
    const identity = (await h.wiring.runtime.store.lookupReference(reference))!;
    await store.block({ identity, reference, blockedBy: 'USTAFF', blockedAt: new Date(clock.now()).toISOString(), reason: 'abuse', expiresAt: new Date(clock.now().getTime() + 86_400_000).toISOString() }, clock.now().getTime());
    expect((await say(h.app, s, { command: 'menu' })).length).toBeGreaterThan(0);
    // ...and then the block holds.
    clock.advance(10_001);
    expect(await say(h.app, s, { command: 'menu' })).toEqual([expect.objectContaining({ text: expect.stringContaining('can no longer send reports') })]);
    expect(admit).toHaveBeenCalledTimes(1);
    admit.mockRestore();
  });

  it('a block stops reports, never the person\'s data rights: "my data" and "delete my data" go through, and the block stays', async () => {
    const s = await createSession(h.app, { locale: 'en' });
    const reference = referenceIn(await fileReport(h.app, s, { ...RIVERSIDE_PIN, description: 'Graffiti on the wall', contact: null }));
    await blockReporter(h.wiring.runtime, { reference, by: 'USTAFF', reason: 'abuse' });
    clock.advance(86_400_000 + 1); // past any earlier once-a-day notice
    expect(await say(h.app, s, { choice: 'report' })).toEqual([expect.objectContaining({ text: expect.stringContaining('can no longer send reports') })]);

    const mine = (await say(h.app, s, { command: 'my_data' })).map((m) => m.text).join('\n');
    expect(mine).toContain('/my-data/');
    await say(h.app, s, { command: 'forget' });
    const erased = (await say(h.app, s, { choice: 'yes' })).map((m) => m.text).join('\n');
    expect(erased).toContain('your data in this chat has been deleted');
    expect(erased).toContain(reference);
    // Still blocked: anything else is refused (silently: told once today already).
    expect(await say(h.app, s, { choice: 'report' })).toEqual([]);
    expect((await blockedReporters(h.wiring.runtime)).some((b) => b.reference === reference)).toBe(true);
  });
});
