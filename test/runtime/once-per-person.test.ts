/**
 * "One response per person per consultation" (issue 11) on Redis, through the real web chat API:
 * two sessions that carry the same widget participant id are one person. The second response
 * replaces the first (same pseudonymous participant, `replaces` = the first id), and two
 * submissions racing from two sessions end with exactly one current response, every time.
 */
import { randomBytes } from 'node:crypto';
import { claimValue, participantId } from '../../src/runtime/once-claims';
import { waitUntilReady } from '../../src/state/redis-calls';
import { createRedisClient } from '../../src/state/redis-connection';
import { participationKey } from '../../src/state/redis-keys';
import { testRedisUrl } from '../setup/redis';
import { createSession, eventually, say, startHarness, submissionLines, type ChatSession, type Harness } from '../server/harness';

const CONSULTATION = 'riverside-avenue-bike-lane';
const SCOPE = `consultation:${CONSULTATION}`;
const SECRET = 'once-per-person-test-secret-0123456789';

const newParticipant = (): string => randomBytes(16).toString('base64url');

describe('once per person (web chat, Redis)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('redis', {
      env: { WEGOV_MEDIA_URL_SECRET: SECRET, WEGOV_STATUS_POLL_SECONDS: '0' },
      overrides: { now: () => new Date('2026-12-01T15:00:00Z') },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  /**
   * A new session of `participant` at the consultation's review, ready to submit. A person who
   * answered before (`answeredOn`: the date they are reminded of) is asked first whether to change it.
   */
  async function atReview(participant: string, answeredOn?: string): Promise<ChatSession> {
    const s = await createSession(h.app, { locale: 'en', start: `consultation:${CONSULTATION}`, participant });
    const asked = s.messages[s.messages.length - 1]!;
    if (answeredOn === undefined) {
      expect(asked.text).toContain('Question 1 of 6');
    } else {
      expect(asked.text).toBe(`You answered "Riverside Avenue protected bike lane" on ${answeredOn}. Would you like to change your response? Your new answers will replace the earlier ones, so you are still counted once.`);
      expect(asked.choices).toEqual([{ id: 'change', label: 'Change my response' }, { id: 'keep', label: 'Keep it as it is' }]);
      expect((await say(h.app, s, { choice: 'change' })).at(-1)!.text).toContain('Question 1 of 6');
    }
    const answers: object[] = [{ choice: 'avenue' }, { text: '4' }, { choice: 'yes' }, { choice: 'parking' }, { choice: '_done' }, { text: 'Vans block the lane.' }, { text: '2, 1, 3, 4' }, { choice: '_skip' }];
    for (const body of answers) await say(h.app, s, body);
    return s;
  }

  /** The consultation responses the agency's file got, by response id. */
  function responses(): Map<string, Record<string, unknown>> {
    const lines = submissionLines(h.submissionsFile).filter((l) => (l as { kind?: string }).kind === 'consultation_response');
    return new Map(lines.map((l) => [String(l.payload.id), l.payload]));
  }

  async function responseIn(messagesOf: Promise<unknown>, before: Set<string>): Promise<Record<string, unknown>> {
    await messagesOf;
    return eventually(() => [...responses().values()].find((p) => !before.has(String(p.id))));
  }

  it('a second response of the same person, from another session, replaces the first under the same pseudonym', async () => {
    const participant = newParticipant();
    const first = await responseIn(atReview(participant).then((s) => say(h.app, s, { choice: '_submit' })), new Set(responses().keys()));
    const expected = participantId(SECRET, SCOPE, `wc-participant:${participant}`);
    expect(first.participant).toBe(expected);
    expect(first).not.toHaveProperty('replaces');
    expect(JSON.stringify(first)).not.toContain(participant);

    // Another conversation of the same person (another day, another tab): reminded, then changed.
    const changed = await atReview(participant, 'December 1, 2026');
    const thanks = await say(h.app, changed, { choice: '_submit' });
    expect(thanks[0]!.text).toBe('Thank you! Your response to "Riverside Avenue protected bike lane" was updated. It replaces your earlier one.');
    const second = await responseIn(Promise.resolve(), new Set([first.id as string]));
    expect(second).toMatchObject({ participant: expected, replaces: first.id });
    expect(second.id).not.toBe(first.id);
    // The claim holds the current response and when it was given.
    await expect(h.wiring.stores.participation.current(SCOPE, expected)).resolves.toBe(claimValue(String(second.id), String(second.submittedAt)));

    // Keeping it as it is sends nothing.
    const kept = await createSession(h.app, { locale: 'en', start: `consultation:${CONSULTATION}`, participant });
    expect(kept.messages.at(-1)!.choices?.map((c) => c.id)).toEqual(['change', 'keep']);
    const before = new Set(responses().keys());
    expect((await say(h.app, kept, { choice: 'keep' }))[0]!.text).toBe('Okay, your response to "Riverside Avenue protected bike lane" stays as it is.');
    await expect(h.wiring.stores.participation.current(SCOPE, expected)).resolves.toBe(claimValue(String(second.id), String(second.submittedAt)));
    expect([...responses().keys()].filter((id) => !before.has(id))).toEqual([]);
    // The claim is kept as long as consultation responses (the demo catalogue: 730 days), no longer.
    const raw = createRedisClient(testRedisUrl());
    try {
      await waitUntilReady(raw, 2000, 'test');
      const ttl = await raw.ttl(participationKey(SCOPE, expected));
      expect(ttl).toBeGreaterThan(729 * 86_400);
      expect(ttl).toBeLessThanOrEqual(730 * 86_400);
    } finally {
      await raw.quit();
    }

    // Another person is a new response with another pseudonym.
    const other = await responseIn(atReview(newParticipant()).then((s) => say(h.app, s, { choice: '_submit' })), new Set(responses().keys()));
    expect(other).not.toHaveProperty('replaces');
    expect(other.participant).not.toBe(expected);
  });

  it('"delete my data" drops the identity link: the person\'s next response is a new one, linked to nothing', async () => {
    const participant = newParticipant();
    const s = await atReview(participant);
    const first = await responseIn(say(h.app, s, { choice: '_submit' }), new Set(responses().keys()));
    const key = participationKey(SCOPE, String(first.participant));
    const raw = createRedisClient(testRedisUrl());
    try {
      await waitUntilReady(raw, 2000, 'test');
      expect(await raw.get(key)).toBe(claimValue(String(first.id), String(first.submittedAt)));
      await say(h.app, s, { command: 'forget' });
      await say(h.app, s, { choice: 'yes' });
      // Delivered by the outbox like any erasure request.
      await eventually(async () => ((await raw.get(key)) === null ? true : undefined));
    } finally {
      await raw.quit();
    }
    // Answering again (a new session, same browser) is a new response, not a replacement.
    const again = await responseIn(atReview(participant).then((n) => say(h.app, n, { choice: '_submit' })), new Set(responses().keys()));
    expect(again).not.toHaveProperty('replaces');
  });

  it('without a participant id a session is its own person', async () => {
    const before = new Set(responses().keys());
    const s = await createSession(h.app, { locale: 'en', start: `consultation:${CONSULTATION}` });
    const answers: object[] = [{ choice: 'avenue' }, { text: '4' }, { choice: 'yes' }, { choice: 'parking' }, { choice: '_done' }, { text: 'x' }, { text: '2, 1, 3, 4' }, { choice: '_skip' }, { choice: '_submit' }];
    for (const body of answers) await say(h.app, s, body);
    const r = await eventually(() => [...responses().values()].find((p) => !before.has(String(p.id))));
    expect(r.participant).toBe(participantId(SECRET, SCOPE, `wc-participant:${s.sessionId}`));
    expect(r).not.toHaveProperty('replaces');
  });

  it('two sessions of one person submitting at once count once: 50 tries, each ends with one current response', async () => {
    for (let i = 0; i < 50; i++) {
      const participant = newParticipant();
      const [a, b] = await Promise.all([atReview(participant), atReview(participant)]);
      const before = new Set(responses().keys());
      await Promise.all([say(h.app, a, { choice: '_submit' }), say(h.app, b, { choice: '_submit' })]);
      const pair = await eventually(() => {
        const fresh = [...responses().values()].filter((p) => !before.has(String(p.id)));
        return fresh.length === 2 ? fresh : undefined;
      });
      const expected = participantId(SECRET, SCOPE, `wc-participant:${participant}`);
      expect(pair.map((p) => p.participant)).toEqual([expected, expected]);
      const originals = pair.filter((p) => p.replaces === undefined);
      const changes = pair.filter((p) => p.replaces !== undefined);
      expect(originals).toHaveLength(1);
      expect(changes).toHaveLength(1);
      expect(changes[0]!.replaces).toBe(originals[0]!.id);
      await expect(h.wiring.stores.participation.current(SCOPE, expected)).resolves.toBe(claimValue(String(changes[0]!.id), String(changes[0]!.submittedAt)));
    }
  }, 120_000);
});
