/**
 * Issue 9, finding 8: chat ids, session ids and conversation ids never reach the log raw, even
 * with many Telegram chats and web chat sessions taking turns at once through the real app
 * (trace level, every record captured). Some conversations are made to lose every commit race
 * (the runtime then logs the conversation it gave up on) and some Telegram sends fail (the
 * sender logs the chat), so identifying fields are really logged. Assertions read the parsed
 * records field by field, never the raw text (a timestamp can contain any digits).
 */
import { Writable } from 'node:stream';
import { pseudonym } from '../../src/log';
import { MAX_COMMIT_ATTEMPTS } from '../../src/runtime/turn';
import { createStores } from '../../src/state';
import type { CommitRequest, CommitResult } from '../../src/state/types';
import { FaultyStore } from '../runtime/faulty-store';
import { testRedisUrl } from '../setup/redis';
import { createSession, post, startHarness, type ChatSession, type Harness, type StoreKind } from './harness';
import { API_ROOT, BOT_TOKEN, BOT_USERNAME, FakeBotApi } from '../adapters/telegram/fake-bot-api';
import { postUpdate, TELEGRAM_TEST_ENV } from '../adapters/telegram/support';
import { commandUpdate, textUpdate, type Person } from '../adapters/telegram/updates';

/** A real store whose commits for chosen conversations always lose the race. */
class RacingStore extends FaultyStore {
  readonly losing = new Set<string>();
  override commit(req: CommitRequest): Promise<CommitResult> {
    if (this.losing.has(req.conversationId)) return Promise.resolve({ ok: false, reason: 'conflict' });
    return super.commit(req);
  }
}

type LogRecord = Record<string, unknown>;

const CHATS = 12;
const SESSIONS = 12;
const TURNS = 4;

describe.each<StoreKind>(['memory', 'redis'])('log ids under concurrent turns (%s store)', (kind) => {
  let h: Harness;
  let api: FakeBotApi;
  let store: RacingStore;
  const lines: string[] = [];
  beforeEach(async () => {
    lines.length = 0;
    api = new FakeBotApi();
    const real = createStores(kind === 'redis' ? { redisUrl: testRedisUrl() } : {});
    store = new RacingStore(real.sessions);
    h = await startHarness(kind, {
      logDestination: new Writable({
        write(chunk: Buffer, _enc, done) {
          lines.push(...chunk.toString('utf8').split('\n').filter((l) => l.length > 0));
          done();
        },
      }),
      env: TELEGRAM_TEST_ENV,
      overrides: {
        stores: { ...real, sessions: store },
        telegram: {
          botUsername: BOT_USERNAME,
          start: false,
          sender: { perChatPerSecond: 1000, perChatBurst: 1000, globalPerSecond: 1000, sleep: async () => undefined },
        },
      },
    });
  });
  afterEach(async () => {
    await h.close();
    api.done();
  });

  it('no record carries a raw chat, session or conversation id; each conversation has one stable pseudonym', async () => {
    // Twelve-digit chat ids, as real ones are, so digits in other fields cannot stand in for them.
    const people: Person[] = Array.from({ length: CHATS }, (_, i) => ({ id: 710_000_000_000 + i * 7_919, first_name: `P${i}` }));
    const sessions: ChatSession[] = await Promise.all(Array.from({ length: SESSIONS }, () => createSession(h.app)));
    const losingChats = people.slice(0, 3);
    const losingSessions = sessions.slice(0, 3);
    for (const p of losingChats) store.losing.add(`tg:${p.id}`);
    for (const s of losingSessions) store.losing.add(s.sessionId);
    // Some sends fail: the sender retries (500) or finds the chat unreachable (403), logging the chat.
    for (let i = 0; i < 4; i++) api.failNext('sendMessage', 500, { description: 'Internal Server Error' });
    api.failNext('sendMessage', 403, { description: 'Forbidden: bot was blocked by the user' });

    const turns: Promise<unknown>[] = [];
    for (let t = 0; t < TURNS; t++) {
      for (const p of people) turns.push(postUpdate(h.app, t === 0 ? commandUpdate(p, '/start') : textUpdate(p, 'help')));
      for (const s of sessions) turns.push(post(h.app, s, { text: 'help', clientMessageId: `m-${t}` }));
    }
    await Promise.all(turns);

    const records = lines.map((l) => JSON.parse(l) as LogRecord);
    const raw = [...people.flatMap((p) => [String(p.id), `tg:${p.id}`]), ...sessions.map((s) => s.sessionId)];
    for (const { time: _time, ...fields } of records) {
      const text = JSON.stringify(fields);
      for (const id of raw) expect(text).not.toContain(id);
    }

    // The runtime logged each losing conversation by its pseudonym, the same one every time.
    const gaveUp = records.filter((r) => r.msg === 'turn gave up after repeated conflicts');
    const expected = [...losingChats.map((p) => `tg:${p.id}`), ...losingSessions.map((s) => s.sessionId)];
    expect(gaveUp).toHaveLength(expected.length * TURNS);
    expect(gaveUp.every((r) => r.attempts === MAX_COMMIT_ATTEMPTS)).toBe(true);
    const counts = new Map<unknown, number>();
    for (const r of gaveUp) counts.set(r.conversationId, (counts.get(r.conversationId) ?? 0) + 1);
    expect(new Map([...counts].sort())).toEqual(new Map(expected.map((id) => [pseudonym(id), TURNS] as [string, number]).sort()));

    // The sender's and handler's chat ids are pseudonyms of real chats, distinct per chat.
    const withChat = records.filter((r) => 'chatId' in r);
    expect(withChat.length).toBeGreaterThan(0);
    const chatPseudonyms = new Set(people.map((p) => pseudonym(p.id)));
    for (const r of withChat) expect(chatPseudonyms.has(String(r.chatId))).toBe(true);
    expect(chatPseudonyms.size).toBe(CHATS);
  }, 60_000);
});
