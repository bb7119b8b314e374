/**
 * The SessionStore / MediaStore contract, run against every implementation
 * (memory-store.test.ts, redis-store.test.ts). Stores share one Redis across test files, so
 * every test uses fresh random ids and filters shared listings by them.
 */
import { DEDUPE_IDS_KEPT, DEFAULT_HISTORY_MAX_BYTES, SESSION_MAX_BYTES } from '../../src/state/store-limits';
import { SessionText } from '../../src/state/commit-request';
import { SessionTooLargeError, type MediaStore, type SessionStore, type StoredMessage } from '../../src/state/types';
import { commitRequest, listen, message, newConversationId, storedBytes, submission } from './contract-helpers';

/** The stores under test; `close` releases them. */
export interface StoresUnderTest {
  sessions: SessionStore;
  media: MediaStore;
  close(): Promise<void>;
}

export interface ContractOptions {
  /**
   * Let `ms` of store time pass: a fake clock for memory, a real wait for Redis (its TTL
   * tests use 3-second TTLs, so they cost about 10 s of waiting).
   */
  advanceClock: (ms: number) => void | Promise<void>;
}

export function describeSessionStoreContract(
  name: string,
  makeStores: (opts: { historyLimit?: number; historyMaxBytes?: number }) => Promise<StoresUnderTest>,
  { advanceClock }: ContractOptions,
): void {
  describe(`${name}: SessionStore / MediaStore contract`, () => {
    let stores: StoresUnderTest;
    let store: SessionStore;
    beforeEach(async () => {
      stores = await makeStores({});
      store = stores.sessions;
    });
    afterEach(async () => {
      await stores.close();
    });

    describe('load and compare-and-set commit', () => {
      test('an unknown conversation loads as absent', async () => {
        await expect(store.load(newConversationId(), 'update-1')).resolves.toEqual({ conversation: null, duplicateReply: null });
      });

      test('the first commit (expectedVersion 0) creates version 1, the next one version 2', async () => {
        const conv = newConversationId();
        await expect(store.commit(commitRequest(conv, { session: { n: 1 } }))).resolves.toEqual({ ok: true, version: 1 });
        await expect(store.load(conv)).resolves.toEqual({ conversation: { version: 1, session: { n: 1 } }, duplicateReply: null });
        await expect(store.commit(commitRequest(conv, { expectedVersion: 1, session: { n: 2 } }))).resolves.toEqual({ ok: true, version: 2 });
        await expect(store.load(conv)).resolves.toMatchObject({ conversation: { version: 2, session: { n: 2 } } });
      });

      test('a window shared beyond one conversation (Allowance.counter) counts the commits of every conversation on it; a full one writes nothing', async () => {
        const shared = { perWindow: 2, windowMs: 60_000, counter: `sessions:${newConversationId()}` };
        const [a, b, c] = [newConversationId(), newConversationId(), newConversationId()];
        const first = await store.commit(commitRequest(a, { allowance: shared }));
        expect(first).toMatchObject({ ok: true, version: 1, allowance: { used: 1 } });
        const windowEnd = first.ok ? first.allowance?.resetAtMs : undefined;
        await expect(store.commit(commitRequest(b, { allowance: shared }))).resolves.toEqual({ ok: true, version: 1, allowance: { used: 2, resetAtMs: windowEnd } });
        // Full until the window that the first commit started ends.
        await expect(store.commit(commitRequest(c, { allowance: shared }))).resolves.toEqual({ ok: false, reason: 'limited', resetAtMs: windowEnd });
        await expect(store.load(c)).resolves.toEqual({ conversation: null, duplicateReply: null });
        // Another counter, and a conversation's own window, are apart from it.
        await expect(store.commit(commitRequest(c, { allowance: { ...shared, counter: `sessions:${newConversationId()}` } }))).resolves.toMatchObject({ ok: true, allowance: { used: 1 } });
        await expect(store.commit(commitRequest(a, { expectedVersion: 1, allowance: { perWindow: 2, windowMs: 60_000 } }))).resolves.toMatchObject({ ok: true, version: 2, allowance: { used: 1 } });
      });

      test("a conversation's own window and its burst window (Allowance.burst): a message over either is refused and counted in neither; notify tells the window's first refusal only", async () => {
        const conv = newConversationId();
        const limits = { perWindow: 3, windowMs: 60_000, burst: { perWindow: 2, windowMs: 1_000 }, notify: true };
        const first = await store.commit(commitRequest(conv, { allowance: limits }));
        expect(first).toMatchObject({ ok: true, version: 1, allowance: { used: 1 } });
        const windowEnd = first.ok ? (first.allowance?.resetAtMs ?? 0) : 0;
        await expect(store.commit(commitRequest(conv, { expectedVersion: 1, allowance: limits }))).resolves.toEqual({ ok: true, version: 2, allowance: { used: 2, resetAtMs: windowEnd } });
        // The burst window is full: refused until it ends (well before the minute's), told once.
        const burstRefusal = await store.commit(commitRequest(conv, { expectedVersion: 2, allowance: limits }));
        expect(burstRefusal).toMatchObject({ ok: false, reason: 'limited', notify: true });
        expect(!burstRefusal.ok && burstRefusal.reason === 'limited' ? burstRefusal.resetAtMs : 0).toBeLessThan(windowEnd - 50_000);
        await expect(store.commit(commitRequest(conv, { expectedVersion: 2, allowance: limits }))).resolves.toMatchObject({ ok: false, reason: 'limited', notify: false });
        await expect(store.load(conv, undefined, limits)).resolves.toMatchObject({ conversation: { version: 2 }, allowance: { used: 2, resetAtMs: windowEnd } });
        await advanceClock(1_100);
        // The burst window has ended: counted again, the refused ones were not.
        await expect(store.commit(commitRequest(conv, { expectedVersion: 2, allowance: limits }))).resolves.toEqual({ ok: true, version: 3, allowance: { used: 3, resetAtMs: windowEnd } });
        // Now the minute's window is full: refused until it ends, and not told again within it.
        await expect(store.commit(commitRequest(conv, { expectedVersion: 3, allowance: limits }))).resolves.toEqual({ ok: false, reason: 'limited', resetAtMs: windowEnd, notify: false });
        // Without notify a refusal says nothing of it.
        await expect(store.commit(commitRequest(conv, { expectedVersion: 3, allowance: { perWindow: 3, windowMs: 60_000 } }))).resolves.toEqual({ ok: false, reason: 'limited', resetAtMs: windowEnd });
        await expect(store.load(conv)).resolves.toMatchObject({ conversation: { version: 3 } });
      });

      test("a message counted on its own (countMessage: a sticker) counts in the same windows as the conversation's commits, with the same refusals", async () => {
        const conv = newConversationId();
        const limits = { perWindow: 4, windowMs: 60_000, burst: { perWindow: 3, windowMs: 1_000 }, notify: true };
        const first = await store.countMessage(conv, limits);
        expect(first).toMatchObject({ ok: true, allowance: { used: 1 } });
        const windowEnd = first.ok ? first.allowance.resetAtMs : 0;
        await expect(store.commit(commitRequest(conv, { allowance: limits }))).resolves.toEqual({ ok: true, version: 1, allowance: { used: 2, resetAtMs: windowEnd } });
        await expect(store.countMessage(conv, limits)).resolves.toEqual({ ok: true, allowance: { used: 3, resetAtMs: windowEnd } });
        // Three within the burst window: the next, counted or committed, is refused and told once.
        const burstRefusal = await store.countMessage(conv, limits);
        expect(burstRefusal).toMatchObject({ ok: false, reason: 'limited', notify: true });
        await expect(store.commit(commitRequest(conv, { expectedVersion: 1, allowance: limits }))).resolves.toMatchObject({ ok: false, reason: 'limited', notify: false });
        await advanceClock(1_100);
        await expect(store.commit(commitRequest(conv, { expectedVersion: 1, allowance: limits }))).resolves.toEqual({ ok: true, version: 2, allowance: { used: 4, resetAtMs: windowEnd } });
        // The minute's window is full: refused until it ends; without notify nothing is said of telling.
        await expect(store.countMessage(conv, limits)).resolves.toEqual({ ok: false, reason: 'limited', resetAtMs: windowEnd, notify: false });
        await expect(store.countMessage(conv, { perWindow: 4, windowMs: 60_000 })).resolves.toEqual({ ok: false, reason: 'limited', resetAtMs: windowEnd });
        await expect(store.load(conv, undefined, limits)).resolves.toMatchObject({ conversation: { version: 2 }, allowance: { used: 4, resetAtMs: windowEnd } });
        await expect(store.countMessage(conv, { perWindow: 4, windowMs: 60_000, counter: 'x' })).rejects.toThrow(RangeError);
      });

      test('a burst window with a shared counter is refused as a misuse', async () => {
        await expect(store.commit(commitRequest(newConversationId(), { allowance: { perWindow: 3, windowMs: 60_000, counter: 'x', burst: { perWindow: 1, windowMs: 1_000 } } }))).rejects.toThrow(RangeError);
      });

      test('a session the caller serialised already (SessionText) is stored as that text', async () => {
        const conv = newConversationId();
        await store.commit(commitRequest(conv, { session: new SessionText('{"n":1,"text":"é"}') }));
        await expect(store.load(conv)).resolves.toMatchObject({ conversation: { version: 1, session: { n: 1, text: 'é' } } });
      });

      test('a session is stored as JSON: later changes to the object do not leak in', async () => {
        const conv = newConversationId();
        const session = { answers: ['a'], when: new Date('2026-01-02T03:04:05Z') };
        await store.commit(commitRequest(conv, { session }));
        session.answers.push('b');
        const loaded = await store.load(conv);
        expect(loaded.conversation?.session).toEqual({ answers: ['a'], when: '2026-01-02T03:04:05.000Z' });
      });

      test('expectedVersion 0 on an existing conversation, or N on a missing one, is a conflict that returns the current conversation', async () => {
        const conv = newConversationId();
        await store.commit(commitRequest(conv));
        await expect(store.commit(commitRequest(conv))).resolves.toEqual({
          ok: false,
          reason: 'conflict',
          current: { version: 1, session: { step: 'start' } },
        });
        await expect(store.commit(commitRequest(newConversationId(), { expectedVersion: 3 }))).resolves.toEqual({
          ok: false,
          reason: 'conflict',
          current: null,
        });
      });

      test('a writer that steps again on the conversation a conflict returned (no load) commits on top of it', async () => {
        const conv = newConversationId();
        await store.commit(commitRequest(conv, { session: { answers: ['a'] } }));
        await store.commit(commitRequest(conv, { expectedVersion: 1, session: { answers: ['a', 'b'] } })); // another process
        const stale = await store.commit(commitRequest(conv, { expectedVersion: 1, session: { answers: ['a', 'c'] } }));
        if (stale.ok || stale.reason !== 'conflict' || !stale.current) throw new Error(`expected a conflict with the current conversation, got ${JSON.stringify(stale)}`);
        const answers = (stale.current.session as { answers: string[] }).answers;
        await expect(store.commit(commitRequest(conv, { expectedVersion: stale.current.version, session: { answers: [...answers, 'c'] } }))).resolves.toEqual({ ok: true, version: 3 });
        await expect(store.load(conv)).resolves.toMatchObject({ conversation: { version: 3, session: { answers: ['a', 'b', 'c'] } } });
      });

      test('a stale commit writes nothing: session, history, outbox, dedupe and live messages untouched', async () => {
        const conv = newConversationId();
        await store.commit(commitRequest(conv, { session: { n: 1 }, history: [message(1, 0, 'hello')] }));
        await store.commit(commitRequest(conv, { expectedVersion: 1, session: { n: 2 } }));
        const live = await listen(store, conv);

        const stale = await store.commit(
          commitRequest(conv, {
            expectedVersion: 1,
            session: { n: 'stale' },
            history: [message(2, 0, 'stale')],
            publish: [message(2, 0, 'stale')],
            submissions: [submission(conv, 'stale-sub')],
            dedupe: { id: 'stale-update', ttlSeconds: 60 },
            eraseHistory: true,
          }),
        );

        expect(stale).toEqual({ ok: false, reason: 'conflict', current: { version: 2, session: { n: 2 } } });
        await expect(store.load(conv, 'stale-update')).resolves.toEqual({
          conversation: { version: 2, session: { n: 2 } },
          duplicateReply: null,
        });
        expect((await store.history(conv)).map((m) => m.text)).toEqual(['hello']);
        expect((await store.pendingSubmissions()).filter((s) => s.conversationId === conv)).toEqual([]);
        // Messages on a channel arrive in publish order: had the stale one gone out, it would come first.
        await store.commit(commitRequest(conv, { expectedVersion: 2, publish: [message(3, 0, 'fresh')] }));
        expect((await live.waitFor(1)).map((m) => m.text)).toEqual(['fresh']);
        await live.unsubscribe();
      });

      test('commit rejects requests no store may accept', async () => {
        const conv = newConversationId();
        await expect(store.commit(commitRequest(conv, { ttlSeconds: 0 }))).rejects.toThrow(RangeError);
        await expect(store.commit(commitRequest(conv, { expectedVersion: -1 }))).rejects.toThrow(RangeError);
        await expect(store.commit(commitRequest(conv, { session: undefined }))).rejects.toThrow(TypeError);
        await expect(store.load(conv)).resolves.toEqual({ conversation: null, duplicateReply: null });
      });
    });

    describe('dedupe', () => {
      test('a processed input id is reported by load and by a later commit, with the messages its commit added', async () => {
        const conv = newConversationId();
        const added = [message(1, 0, 'my answer', 'user'), message(1, 1, 'Thanks!')];
        await store.commit(commitRequest(conv, { history: added, dedupe: { id: 'u-1', ttlSeconds: 60 } }));

        await expect(store.load(conv, 'u-1')).resolves.toEqual({ conversation: { version: 1, session: { step: 'start' } }, duplicateReply: added });
        await expect(store.load(conv)).resolves.toMatchObject({ duplicateReply: null });
        await expect(store.load(conv, 'u-2')).resolves.toMatchObject({ duplicateReply: null });
        // A racing commit that loaded before the first one committed: duplicate wins over conflict.
        const again = { history: [message(1, 0, 'other')], dedupe: { id: 'u-1', ttlSeconds: 60 } };
        await expect(store.commit(commitRequest(conv, { expectedVersion: 0, ...again }))).resolves.toEqual({ ok: false, reason: 'duplicate', reply: added });
        // Even with the right version it writes nothing.
        await expect(store.commit(commitRequest(conv, { expectedVersion: 1, session: { x: 1 }, ...again }))).resolves.toEqual({
          ok: false,
          reason: 'duplicate',
          reply: added,
        });
        await expect(store.load(conv)).resolves.toMatchObject({ conversation: { version: 1 } });
        expect(await store.history(conv)).toEqual(added);
      });

      test('each id points at its own commit, later messages and commits without an id in between', async () => {
        const conv = newConversationId();
        await store.commit(commitRequest(conv, { history: [message(1, 0, 'welcome')] }));
        await store.commit(commitRequest(conv, { expectedVersion: 1, history: [message(2, 0, 'a', 'user'), message(2, 1, 'b')], dedupe: { id: 'u-2', ttlSeconds: 60 } }));
        await store.commit(commitRequest(conv, { expectedVersion: 2, dedupe: { id: 'u-3', ttlSeconds: 60 } })); // no messages
        await store.commit(commitRequest(conv, { expectedVersion: 3, history: [message(4, 0, 'c')], dedupe: { id: 'u-4', ttlSeconds: 60 } }));
        await expect(store.load(conv, 'u-2')).resolves.toMatchObject({ duplicateReply: [message(2, 0, 'a', 'user'), message(2, 1, 'b')] });
        await expect(store.load(conv, 'u-3')).resolves.toMatchObject({ duplicateReply: [] });
        await expect(store.load(conv, 'u-4')).resolves.toMatchObject({ duplicateReply: [message(4, 0, 'c')] });
      });

      test('dedupe ids are per conversation', async () => {
        const a = newConversationId();
        const b = newConversationId();
        await store.commit(commitRequest(a, { history: [message(1, 0, 'a')], dedupe: { id: 'same', ttlSeconds: 60 } }));
        await expect(store.commit(commitRequest(b, { history: [message(1, 0, 'b')], dedupe: { id: 'same', ttlSeconds: 60 } }))).resolves.toEqual({
          ok: true,
          version: 1,
        });
        await expect(store.load(b, 'same')).resolves.toMatchObject({ duplicateReply: [message(1, 0, 'b')] });
      });
    });

    describe('history', () => {
      test('appends in order across commits and filters after an id', async () => {
        const conv = newConversationId();
        await store.commit(commitRequest(conv, { history: [message(1, 0, 'q1'), message(1, 1, 'a1', 'user')] }));
        await store.commit(commitRequest(conv, { expectedVersion: 1, history: [message(2, 0, 'q2')] }));
        const all = await store.history(conv);
        expect(all.map((m) => m.text)).toEqual(['q1', 'a1', 'q2']);
        expect(all[1]).toEqual(message(1, 1, 'a1', 'user'));
        expect((await store.history(conv, messageIdOf(all, 0))).map((m) => m.text)).toEqual(['a1', 'q2']);
        expect(await store.history(conv, messageIdOf(all, 2))).toEqual([]);
        expect(await store.history(newConversationId())).toEqual([]);
      });

      test('keeps only the last historyLimit messages, oldest dropped', async () => {
        await stores.close();
        stores = await makeStores({ historyLimit: 3 });
        store = stores.sessions;
        const conv = newConversationId();
        await store.commit(commitRequest(conv, { history: [message(1, 0, 'm1'), message(1, 1, 'm2')] }));
        await store.commit(commitRequest(conv, { expectedVersion: 1, history: [message(2, 0, 'm3'), message(2, 1, 'm4'), message(2, 2, 'm5')] }));
        expect((await store.history(conv)).map((m) => m.text)).toEqual(['m3', 'm4', 'm5']);
      });

      test('eraseHistory drops the transcript and remembered replies before appending', async () => {
        const conv = newConversationId();
        await store.commit(
          commitRequest(conv, { history: [message(1, 0, 'my address is 1 Main St')], dedupe: { id: 'u-1', ttlSeconds: 60 } }),
        );
        const erased = await store.commit(
          commitRequest(conv, {
            expectedVersion: 1,
            session: { erased: true },
            eraseHistory: true,
            history: [message(2, 0, 'Your data was deleted.')],
            dedupe: { id: 'u-2', ttlSeconds: 60 },
          }),
        );
        expect(erased).toEqual({ ok: true, version: 2 });
        expect((await store.history(conv)).map((m) => m.text)).toEqual(['Your data was deleted.']);
        await expect(store.load(conv, 'u-1')).resolves.toEqual({ conversation: { version: 2, session: { erased: true } }, duplicateReply: null });
        await expect(store.load(conv, 'u-2')).resolves.toMatchObject({ duplicateReply: [message(2, 0, 'Your data was deleted.')] });
      });
    });

    describe('bounds: what one conversation keeps, whatever is sent', () => {
      test('the transcript is capped in bytes: oldest messages dropped first, the rest in order and intact', async () => {
        await stores.close();
        stores = await makeStores({ historyMaxBytes: 1000 });
        store = stores.sessions;
        const conv = newConversationId();
        const sent: StoredMessage[] = [];
        // Multi-byte and escaped text: the cap is on UTF-8 bytes of the stored JSON, not on characters.
        const texts = ['short', 'é'.repeat(150), '"quoted"\\'.repeat(20), 'مرحبا '.repeat(30), 'x'.repeat(400), '🙂'.repeat(60)];
        for (let v = 1; v <= 12; v++) {
          const batch = [message(v, 0, texts[v % texts.length] ?? '', 'user'), message(v, 1, `reply ${v}`)];
          sent.push(...batch);
          await expect(store.commit(commitRequest(conv, { expectedVersion: v - 1, history: batch }))).resolves.toEqual({ ok: true, version: v });
          const kept = await store.history(conv);
          expect(kept).toEqual(newestWithin(sent, 1000));
          expect(storedBytes(kept)).toBeLessThanOrEqual(1000);
        }
        // Erasure starts the count again: the whole cap is available to what follows.
        const after = [message(13, 0, 'x'.repeat(300)), message(13, 1, 'y'.repeat(300))];
        await store.commit(commitRequest(conv, { expectedVersion: 12, eraseHistory: true, history: after }));
        expect(await store.history(conv)).toEqual(after);
      });

      test('200 messages of 20,000 characters keep the transcript under the default cap; the newest arrive whole', async () => {
        const conv = newConversationId();
        const sent: StoredMessage[] = [];
        for (let v = 1; v <= 200; v++) {
          const batch = [message(v, 0, `${v} ${'é'.repeat(20_000)}`, 'user'), message(v, 1, `That is too long (${v}).`)];
          sent.push(...batch);
          await store.commit(commitRequest(conv, { expectedVersion: v - 1, history: batch }));
        }
        const kept = await store.history(conv);
        expect(storedBytes(kept)).toBeLessThanOrEqual(DEFAULT_HISTORY_MAX_BYTES);
        expect(kept).toEqual(newestWithin(sent, DEFAULT_HISTORY_MAX_BYTES));
        expect(kept.at(-1)).toEqual(sent.at(-1));
      });

      test('a session over SESSION_MAX_BYTES is refused with a coded error and nothing is written', async () => {
        const conv = newConversationId();
        await store.commit(commitRequest(conv, { session: { n: 1 }, history: [message(1, 0, 'kept')] }));
        // Multi-byte: the limit is on UTF-8 bytes, not characters.
        const huge = { n: 2, reports: 'é'.repeat(SESSION_MAX_BYTES / 2) };
        const refused = await store.commit(commitRequest(conv, { expectedVersion: 1, session: huge, history: [message(2, 0, 'lost')] })).catch((e: unknown) => e);
        expect(refused).toBeInstanceOf(SessionTooLargeError);
        expect(refused).toMatchObject({ code: 'session_too_large' });
        await expect(store.load(conv)).resolves.toMatchObject({ conversation: { version: 1, session: { n: 1 } } });
        expect((await store.history(conv)).map((m) => m.text)).toEqual(['kept']);
        const under = { n: 2, reports: 'é'.repeat(SESSION_MAX_BYTES / 2 - 100) };
        await expect(store.commit(commitRequest(conv, { expectedVersion: 1, session: under }))).resolves.toEqual({ ok: true, version: 2 });
      });

      test('a duplicate whose messages were trimmed from the transcript stays processed and gets no messages', async () => {
        await stores.close();
        stores = await makeStores({ historyLimit: 3 });
        store = stores.sessions;
        const conv = newConversationId();
        for (let v = 1; v <= 4; v++) {
          const history = [message(v, 0, `q${v}`, 'user'), message(v, 1, `a${v}`)];
          await store.commit(commitRequest(conv, { expectedVersion: v - 1, history, dedupe: { id: `u-${v}`, ttlSeconds: 60 } }));
        }
        // The transcript keeps a3 q4 a4: u-3 lost its first message, u-4 is whole.
        await expect(store.load(conv, 'u-4')).resolves.toMatchObject({ duplicateReply: [message(4, 0, 'q4', 'user'), message(4, 1, 'a4')] });
        for (const id of ['u-1', 'u-2', 'u-3']) await expect(store.load(conv, id)).resolves.toMatchObject({ duplicateReply: [] });
        // Processed means processed: a late repeat of the oldest writes nothing.
        const late = commitRequest(conv, { expectedVersion: 4, session: { x: 1 }, history: [message(5, 0, 'again')], dedupe: { id: 'u-1', ttlSeconds: 60 } });
        await expect(store.commit(late)).resolves.toEqual({ ok: false, reason: 'duplicate', reply: [] });
        await expect(store.load(conv)).resolves.toMatchObject({ conversation: { version: 4, session: { step: 'start' } } });
      });

      test('remembered input ids are bounded: the newest DEDUPE_IDS_KEPT at least, never more than twice that', async () => {
        const conv = newConversationId();
        const total = 3 * DEDUPE_IDS_KEPT + 7;
        for (let v = 1; v <= total; v++) {
          await store.commit(commitRequest(conv, { expectedVersion: v - 1, history: [message(v, 0, `m${v}`)], dedupe: { id: `u-${v}`, ttlSeconds: 60 } }));
        }
        const remembered: number[] = [];
        for (let v = 1; v <= total; v++) if ((await store.load(conv, `u-${v}`)).duplicateReply !== null) remembered.push(v);
        expect(remembered.length).toBeGreaterThanOrEqual(DEDUPE_IDS_KEPT);
        expect(remembered.length).toBeLessThanOrEqual(2 * DEDUPE_IDS_KEPT);
        // Always the newest ones, in one run up to the last.
        expect(remembered).toEqual(Array.from({ length: remembered.length }, (_, i) => total - remembered.length + 1 + i));
        await expect(store.load(conv, `u-${total}`)).resolves.toMatchObject({ duplicateReply: [message(total, 0, `m${total}`)] });
      });
    });

    describe('expiry', () => {
      // Real seconds on Redis: a margin of a second or more on each side of every expiry, so a
      // loaded machine (commands taking hundreds of ms) cannot turn "still there" into "gone".
      const TTL_S = 3;
      test('session, transcript, dedupe reply and media expire after their TTL; the outbox does not', async () => {
        const conv = newConversationId();
        await store.commit(
          commitRequest(conv, {
            ttlSeconds: TTL_S,
            history: [message(1, 0, 'hi')],
            submissions: [submission(conv, 'kept')],
            dedupe: { id: 'u-1', ttlSeconds: TTL_S },
          }),
        );
        await stores.media.put(`${conv}-photo`, 'image/jpeg', Buffer.from([1, 2, 3]), TTL_S);
        await advanceClock(1000);
        await expect(store.load(conv, 'u-1')).resolves.toMatchObject({ conversation: { version: 1 }, duplicateReply: [message(1, 0, 'hi')] });
        await expect(stores.media.get(`${conv}-photo`)).resolves.not.toBeNull();
        await advanceClock(TTL_S * 1000 - 1000 + 300);
        await expect(store.load(conv, 'u-1')).resolves.toEqual({ conversation: null, duplicateReply: null });
        await expect(store.history(conv)).resolves.toEqual([]);
        await expect(stores.media.get(`${conv}-photo`)).resolves.toBeNull();
        expect((await store.pendingSubmissions()).filter((s) => s.conversationId === conv).map((s) => s.id)).toEqual(['kept']);
        // An expired conversation starts again at version 1.
        await expect(store.commit(commitRequest(conv))).resolves.toEqual({ ok: true, version: 1 });
      });

      test('an input id that outlives its conversation never points into the next one', async () => {
        const conv = newConversationId();
        await store.commit(commitRequest(conv, { ttlSeconds: TTL_S, history: [message(1, 0, 'old', 'user'), message(1, 1, 'old reply')], dedupe: { id: 'u-1', ttlSeconds: 60 } }));
        await advanceClock(TTL_S * 1000 + 200);
        await expect(store.load(conv)).resolves.toEqual({ conversation: null, duplicateReply: null });
        // The conversation starts again; its first messages take the positions the old ones had.
        await store.commit(commitRequest(conv, { history: [message(1, 0, 'new', 'user'), message(1, 1, 'new reply')], dedupe: { id: 'u-2', ttlSeconds: 60 } }));
        await expect(store.load(conv, 'u-1')).resolves.toMatchObject({ duplicateReply: [] });
        await expect(store.load(conv, 'u-2')).resolves.toMatchObject({ duplicateReply: [message(1, 0, 'new', 'user'), message(1, 1, 'new reply')] });
      });

      test('every commit refreshes the idle expiry of the session and its transcript', async () => {
        const conv = newConversationId();
        await store.commit(commitRequest(conv, { ttlSeconds: TTL_S, history: [message(1, 0, 'hi')] }));
        await advanceClock(2000);
        await store.commit(commitRequest(conv, { ttlSeconds: TTL_S, expectedVersion: 1 })); // no new messages
        // Past the first commit's expiry, a second before the refreshed one's.
        await advanceClock(2000);
        await expect(store.load(conv)).resolves.toMatchObject({ conversation: { version: 2 } });
        expect(await store.history(conv)).toHaveLength(1);
      });
    });

    describe('outbox', () => {
      test('submissions stay pending across conversations until acknowledged', async () => {
        const a = newConversationId('a');
        const b = newConversationId('b');
        await store.commit(commitRequest(a, { submissions: [submission(a, 'a-1', '2026-01-01T00:00:02.000Z')] }));
        await store.commit(commitRequest(b, { submissions: [submission(b, 'b-1', '2026-01-01T00:00:01.000Z'), submission(b, 'b-2', '2026-01-01T00:00:03.000Z')] }));
        const ours = async () => (await store.pendingSubmissions()).filter((s) => s.conversationId === a || s.conversationId === b);

        expect(await ours()).toEqual([
          submission(b, 'b-1', '2026-01-01T00:00:01.000Z'),
          submission(a, 'a-1', '2026-01-01T00:00:02.000Z'),
          submission(b, 'b-2', '2026-01-01T00:00:03.000Z'),
        ]);
        await store.ackSubmission(b, 'b-1');
        await store.ackSubmission(b, 'b-1'); // acknowledging twice is harmless
        await store.ackSubmission(a, 'unknown');
        expect((await ours()).map((s) => s.id)).toEqual(['a-1', 'b-2']);
      });
    });

    describe('references', () => {
      test('a reference is claimed once, by one conversation, and can be looked up', async () => {
        const conv = newConversationId();
        const reference = `RV-${conv.slice(-8).toUpperCase()}`;
        await expect(store.reserveReference(reference, conv)).resolves.toBe(true);
        await expect(store.reserveReference(reference, newConversationId())).resolves.toBe(false);
        await expect(store.lookupReference(reference)).resolves.toBe(conv);
        await expect(store.lookupReference(`${reference}-none`)).resolves.toBeNull();
      });

      test('the link from a reference to its conversation expires (retention); the reference stays taken', async () => {
        const conv = newConversationId();
        const reference = `RT-${conv.slice(-8).toUpperCase()}`;
        await expect(store.reserveReference(reference, conv, 1)).resolves.toBe(true);
        await expect(store.lookupReference(reference)).resolves.toBe(conv);
        await advanceClock(1100);
        await expect(store.lookupReference(reference)).resolves.toBeNull();
        await expect(store.reserveReference(reference, newConversationId())).resolves.toBe(false);
      });

      test('a forgotten reference ("delete my data") names no conversation and is never reissued', async () => {
        const conv = newConversationId();
        const reference = `RF-${conv.slice(-8).toUpperCase()}`;
        await store.reserveReference(reference, conv);
        await store.forgetReference(reference);
        await expect(store.lookupReference(reference)).resolves.toBeNull();
        await expect(store.reserveReference(reference, newConversationId())).resolves.toBe(false);
        // Forgetting a reference nobody holds claims nothing.
        await store.forgetReference(`${reference}-none`);
        await expect(store.reserveReference(`${reference}-none`, conv)).resolves.toBe(true);
      });

      test('references in blocks: numbers never handed out twice; claimed for no one, then named by ownReference unless forgotten', async () => {
        const a = await store.reserveReferenceNumbers!(64);
        const b = await store.reserveReferenceNumbers!(64);
        expect(Math.abs(b - a)).toBeGreaterThanOrEqual(64);
        const conv = newConversationId();
        const [one, two, three] = ['1', '2', '3'].map((n) => `RB${n}-${conv.slice(-8).toUpperCase()}`) as [string, string, string];
        await store.reserveReference(three, 'an-older-conversation');
        await expect(store.claimReferences!([one, two, three])).resolves.toEqual([true, true, false]);
        await expect(store.claimReferences!([one])).resolves.toEqual([false]);
        await expect(store.reserveReference(one, conv)).resolves.toBe(false);
        await expect(store.lookupReference(one)).resolves.toBeNull();
        await store.ownReference!(one, conv, 0);
        await store.ownReference!(one, conv, 0); // a repeat is harmless
        await expect(store.lookupReference(one)).resolves.toBe(conv);
        // Forgotten before the relay named it (or again after): it stays unlinked.
        await store.forgetReference(two);
        await store.ownReference!(two, conv, 0);
        await expect(store.lookupReference(two)).resolves.toBeNull();
        await expect(store.lookupReference(three)).resolves.toBe('an-older-conversation');
      });
    });

    describe('live messages', () => {
      test('subscribers get published messages after the commit, in order, until they unsubscribe', async () => {
        const conv = newConversationId();
        const first = await listen(store, conv);
        const second = await listen(store, conv);
        await store.commit(commitRequest(conv, { history: [message(1, 0, 'kept only')], publish: [message(1, 1, 'one'), message(1, 2, 'two')] }));
        expect((await first.waitFor(2)).map((m) => m.text)).toEqual(['one', 'two']);
        expect((await second.waitFor(2))[1]).toEqual(message(1, 2, 'two'));

        await first.unsubscribe();
        await first.unsubscribe(); // idempotent
        await store.commit(commitRequest(conv, { expectedVersion: 1, publish: [message(2, 0, 'three')] }));
        expect((await second.waitFor(3)).map((m) => m.text)).toEqual(['one', 'two', 'three']);
        expect(first.received).toHaveLength(2);
        await second.unsubscribe();
      });

      test('messages both kept and published (the usual turn) reach subscribers and the transcript once each', async () => {
        const conv = newConversationId();
        const listener = await listen(store, conv);
        const both = [message(1, 0, 'question'), message(1, 1, 'choices')];
        await store.commit(commitRequest(conv, { history: both, publish: both, submissions: [] }));
        expect(await listener.waitFor(2)).toEqual(both);
        expect(await store.history(conv)).toEqual(both);
        await listener.unsubscribe();
      });

      test('a listener that throws does not stop the others', async () => {
        const conv = newConversationId();
        const warning = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
        const unsubscribe = await store.subscribe(conv, () => {
          throw new Error('listener bug');
        });
        const other = await listen(store, conv);
        await store.commit(commitRequest(conv, { publish: [message(1, 0, 'still delivered')] }));
        await other.waitFor(1);
        expect(warning).toHaveBeenCalledWith(expect.objectContaining({ message: 'listener bug' }), 'StoreWarning');
        warning.mockRestore();
        await unsubscribe();
        await other.unsubscribe();
      });

      test('conversations do not hear each other', async () => {
        const a = newConversationId();
        const b = newConversationId();
        const listenerA = await listen(store, a);
        await store.commit(commitRequest(b, { publish: [message(1, 0, 'for b')] }));
        await store.commit(commitRequest(a, { publish: [message(1, 0, 'for a')] }));
        expect((await listenerA.waitFor(1)).map((m) => m.text)).toEqual(['for a']);
        await listenerA.unsubscribe();
      });
    });

    describe('media', () => {
      test('bytes and content type round-trip; unknown ids are absent; put replaces', async () => {
        const id = `${newConversationId()}-photo`;
        const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
        await stores.media.put(id, 'image/png', bytes, 60);
        await expect(stores.media.get(id)).resolves.toEqual({ contentType: 'image/png', data: bytes });
        await stores.media.put(id, 'image/jpeg', Buffer.from('jpeg'), 60);
        await expect(stores.media.get(id)).resolves.toEqual({ contentType: 'image/jpeg', data: Buffer.from('jpeg') });
        await expect(stores.media.get(`${id}-none`)).resolves.toBeNull();
        await expect(stores.media.put(id, 'image/png', bytes, 0)).rejects.toThrow(RangeError);
      });

      test('delete removes the bytes ("delete my data"); deleting twice is fine', async () => {
        const id = `${newConversationId()}-photo`;
        await stores.media.put(id, 'image/jpeg', Buffer.from('jpeg'), 60);
        await stores.media.delete(id);
        await expect(stores.media.get(id)).resolves.toBeNull();
        await expect(stores.media.delete(id)).resolves.toBeUndefined();
      });
    });

    test('ping resolves while the store is reachable', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}

/** The newest messages whose stored JSON fits in `maxBytes`, oldest dropped first. */
function newestWithin(messages: StoredMessage[], maxBytes: number): StoredMessage[] {
  let start = messages.length;
  while (start > 0 && storedBytes(messages.slice(start - 1)) <= maxBytes) start -= 1;
  return messages.slice(start);
}

function messageIdOf(messages: { id: string }[], index: number): string {
  const m = messages[index];
  if (!m) throw new Error(`no message at ${index}`);
  return m.id;
}
