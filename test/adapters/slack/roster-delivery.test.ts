/**
 * The roster card is drawn from a roster snapshot, not from the change that caused it: after a
 * cancellation (here straight in the sign-up store, then a `volunteer_cancellation` delivered to
 * the Slack sink, the kind the lead is adding) the same card is updated in place with the freed
 * place and the promoted person, and no notice is repeated. A deleted card is posted again. A
 * first post that times out after Slack created the message is found in the channel's history
 * on the retry and updated, never posted twice (the card store on real Redis); one that Slack
 * never created is posted on the retry. The module CLI command `wegov volunteer:roster` writes
 * the CSV. Memory stores unless said, Slack on nock.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import nock from 'nock';
import { MemoryCaseStore } from '../../../src/cases';
import { defaultCatalogPath, loadCatalog, repoRoot } from '../../../src/catalog';
import { loadI18n, moduleLocales } from '../../../src/i18n';
import { createLogger } from '../../../src/log';
import { createStores } from '../../../src/state';
import type { Submission } from '../../../src/state/types';
import { engine } from '../../../dialogs';
import { rosterServices } from '../../../dialogs/volunteer/roster/services';
import { MemorySignUpStore } from '../../../dialogs/volunteer/signups/memory-store';
import { MemoryAttendanceStore } from '../../../dialogs/volunteer/attendance/store';
import { MemoryRosterCardStore, RedisRosterCardStore } from '../../../adapters/slack/roster/card-store';
import { SlackTriageSink } from '../../../adapters/slack/triage/sink';
import { triageClient } from '../../../adapters/slack/triage/client';
import { RedisCalls, RoundTripCounter } from '../../../src/state/redis-calls';
import { createRedisClient } from '../../../src/state/redis-connection';
import { testRedisUrl } from '../../setup/redis';
import { FakeSlack, parseBody, SLACK_API, SLACK_BASE } from './triage-support';

afterEach(() => nock.cleanAll());

const SHIFT = 'cleanup-2026-12-05';
const CHANNEL = 'CPARKS02';

function change(kind: string, id: string, payload: Record<string, unknown>): Submission {
  return { id, kind, agencyId: 'parks', conversationId: 'webchat:x', createdAt: '2026-12-01T15:00:00.000Z', payload };
}

describe('roster card from snapshots, and the roster CLI', () => {
  it('a cancellation redraws the same card; notices are not repeated; a deleted card is posted again', async () => {
    const slack = new FakeSlack();
    const catalog = loadCatalog(defaultCatalogPath({}));
    const i18n = await loadI18n(path.join(repoRoot(), 'locales'), 'en', moduleLocales(engine.modules));
    const stores = createStores();
    const signUps = new MemorySignUpStore();
    const services = rosterServices({ catalog, stores, i18n, logger: createLogger({ level: 'silent' }), linkSecret: () => 'roster-test-secret' }, signUps, { attendance: new MemoryAttendanceStore() });
    const sink = new SlackTriageSink({
      client: triageClient({ token: 'xoxb-test', slackApiUrl: SLACK_API }),
      channel: CHANNEL,
      cases: new MemoryCaseStore(),
      timezone: 'America/Chicago',
      roster: { rosters: services.rosters!, cards: new MemoryRosterCardStore(), locale: 'en' },
    });
    expect(sink.accepts('volunteer_signup')).toBe(true);
    expect(sink.accepts('volunteer_cancellation')).toBe(true);
    const ctx = { sinkKey: 'parks.1', attempt: 1 };

    // 10 of 20 taken (half full), then 20 (full), one waiting.
    for (let i = 0; i < 21; i += 1) {
      await signUps.signUp({ id: `su-${i}`, shiftId: SHIFT, person: `p${i}`, conversationId: `c${i}`, capacity: 20, waitlist: true, at: `2026-12-01T15:00:${String(i).padStart(2, '0')}.000Z` });
      if (i === 9 || i === 20) await sink.deliver(change('volunteer_signup', `su-${i}`, { id: `su-${i}`, shiftId: SHIFT, answers: { gloves: 'own' } }), stores.media, ctx);
    }
    const post = slack.of('chat.postMessage').filter((c) => c.body.thread_ts === undefined);
    expect(post).toHaveLength(1);
    const ts = slack.of('chat.postMessage').find((c) => c.body.thread_ts !== undefined)!.body.thread_ts as string;
    expect(JSON.stringify(slack.of('chat.update')[0]!.body.blocks)).toContain('20 of 20 places taken · 1 waiting');
    expect(JSON.stringify(slack.of('chat.update')[0]!.body.blocks)).toContain('I bring my own');

    // Volunteer 1 cancels: the first waiting is promoted; the card shows it, in place.
    const out = await signUps.cancel(SHIFT, 'p0', 20);
    expect(out.promoted.map((s) => s.id)).toEqual(['su-20']);
    await sink.deliver(change('volunteer_cancellation', 'cancel-1', { shiftId: SHIFT }), stores.media, ctx);
    const updates = slack.of('chat.update');
    expect(updates).toHaveLength(2);
    expect(updates[1]!.body.ts).toBe(ts);
    const card = JSON.stringify(updates[1]!.body.blocks);
    expect(card).toContain('20 of 20 places taken · 0 waiting');
    expect(card).not.toContain('waitlist #');
    const notices = slack.of('chat.postMessage').filter((c) => c.body.thread_ts !== undefined).map((c) => c.body.text);
    expect(notices).toEqual([expect.stringContaining('is half full: 10 of 20'), expect.stringContaining('is full: all 20 places')]);

    // Someone deleted the card in Slack: the next change posts a new one (and no notice again).
    slack.on('chat.update', () => ({ json: { ok: false, error: 'message_not_found' } }));
    await sink.deliver(change('volunteer_cancellation', 'cancel-2', { shiftId: SHIFT }), stores.media, ctx);
    expect(slack.of('chat.postMessage').filter((c) => c.body.thread_ts === undefined)).toHaveLength(2);
    expect(slack.of('chat.postMessage').filter((c) => c.body.thread_ts !== undefined)).toHaveLength(2);
  });

  describe('a first post whose outcome is unknown', () => {
    const redis = createRedisClient(testRedisUrl());
    afterAll(async () => void (await redis.quit()));
    const ATTEMPT = new Date('2026-12-01T15:00:00.000Z');

    /** A sink on the real Redis card store whose client gives up after 300 ms; each test has its own sink key. */
    async function setup() {
      const catalog = loadCatalog(defaultCatalogPath({}));
      const i18n = await loadI18n(path.join(repoRoot(), 'locales'), 'en', moduleLocales(engine.modules));
      const stores = createStores();
      const signUps = new MemorySignUpStore();
      const services = rosterServices({ catalog, stores, i18n, logger: createLogger({ level: 'silent' }), linkSecret: () => 'roster-test-secret' }, signUps, { attendance: new MemoryAttendanceStore() });
      const cards = new RedisRosterCardStore(new RedisCalls(redis, new RoundTripCounter(), 2000));
      const sink = new SlackTriageSink({
        client: triageClient({ token: 'xoxb-test', slackApiUrl: SLACK_API, timeoutMs: 300 }),
        channel: CHANNEL,
        cases: new MemoryCaseStore(),
        timezone: 'America/Chicago',
        now: () => ATTEMPT,
        roster: { rosters: services.rosters!, cards, locale: 'en' },
      });
      const ctx = { sinkKey: `parks.${randomBytes(4).toString('hex')}`, attempt: 1 };
      const signUp = async (i: number) => {
        await signUps.signUp({ id: `su-${i}`, shiftId: SHIFT, person: `p${i}`, conversationId: `c${i}`, capacity: 20, waitlist: true, at: `2026-12-01T15:00:0${i}.000Z` });
        return change('volunteer_signup', `su-${i}`, { id: `su-${i}`, shiftId: SHIFT, answers: {} });
      };
      return { sink, ctx, cards, signUp, media: stores.media };
    }

    /**
     * The next chat.postMessage reaches Slack, which creates the message (recorded in `created`),
     * but its answer comes too late for the client (a timeout). Registered before FakeSlack, so it
     * takes that one call; FakeSlack answers everything else.
     */
    function slowFirstPost(created: Record<string, unknown>[]): void {
      nock(SLACK_BASE)
        .post('/api/chat.postMessage', (body: unknown) => {
          created.push({ ...parseBody(body), ts: '1764601200.000100' });
          return true;
        })
        .delay(2000)
        .reply(200, { ok: true, channel: CHANNEL, ts: '1764601200.000100' });
    }

    it('Slack created the card: the retry finds it in the history by its metadata and updates it; no second card', async () => {
      const created: Record<string, unknown>[] = [];
      slowFirstPost(created);
      const slack = new FakeSlack();
      const { sink, ctx, cards, signUp, media } = await setup();
      const first = await signUp(0);
      await expect(sink.deliver(first, media, ctx)).rejects.toMatchObject({ permanent: false, code: 'network' });
      expect(created).toHaveLength(1);
      expect(created[0]!.metadata).toEqual({ event_type: 'wegov_roster', event_payload: { shift_id: SHIFT, sink_key: ctx.sinkKey } });
      expect(await cards.get(ctx.sinkKey, SHIFT)).toBeNull();
      expect(await cards.posting(ctx.sinkKey, SHIFT)).toBe(ATTEMPT.toISOString());

      // The channel's history now holds the card (and another shift's card, and a triage card).
      slack.on('conversations.history', () => ({
        json: {
          ok: true,
          has_more: false,
          messages: [
            { ts: '1764601100.000100', metadata: { event_type: 'wegov_roster', event_payload: { shift_id: 'another-shift', sink_key: ctx.sinkKey } } },
            { ts: '1764601150.000100', metadata: { event_type: 'wegov_report', event_payload: { case_key: 'x@y' } } },
            { ts: created[0]!.ts, metadata: created[0]!.metadata },
          ],
        },
      }));
      await sink.deliver(first, media, { ...ctx, attempt: 2 });
      const history = slack.of('conversations.history');
      expect(history).toHaveLength(1);
      expect(history[0]!.body).toMatchObject({ channel: CHANNEL, include_all_metadata: 'true' });
      expect(Number(history[0]!.body.oldest)).toBeLessThan(ATTEMPT.getTime() / 1000);
      expect(slack.of('chat.postMessage').filter((c) => c.body.thread_ts === undefined)).toHaveLength(0);
      expect(slack.of('chat.update')[0]!.body).toMatchObject({ channel: CHANNEL, ts: created[0]!.ts });
      expect(await cards.get(ctx.sinkKey, SHIFT)).toMatchObject({ channel: CHANNEL, ts: created[0]!.ts });
      expect(await cards.posting(ctx.sinkKey, SHIFT)).toBeNull();

      // The next sign-up updates the same card, without searching again.
      await sink.deliver(await signUp(1), media, ctx);
      expect(slack.of('chat.postMessage').filter((c) => c.body.thread_ts === undefined)).toHaveLength(0);
      expect(slack.of('chat.update').map((c) => c.body.ts)).toEqual([created[0]!.ts, created[0]!.ts]);
      expect(slack.of('conversations.history')).toHaveLength(1);
    });

    it('Slack never created it: the retry finds nothing and posts the one card', async () => {
      const slack = new FakeSlack();
      const { sink, ctx, cards, signUp, media } = await setup();
      slack.on('chat.postMessage', () => ({ status: 503, json: { ok: false, error: 'service_unavailable' } }), (body) => ({ json: { ok: true, channel: body.channel, ts: '1764601300.000100' } }));
      const first = await signUp(0);
      await expect(sink.deliver(first, media, ctx)).rejects.toMatchObject({ permanent: false });
      expect(await cards.posting(ctx.sinkKey, SHIFT)).toBe(ATTEMPT.toISOString());
      await sink.deliver(first, media, { ...ctx, attempt: 2 });
      expect(slack.of('conversations.history')).toHaveLength(1);
      expect(slack.of('chat.postMessage').filter((c) => c.body.thread_ts === undefined)).toHaveLength(2);
      expect(await cards.get(ctx.sinkKey, SHIFT)).toMatchObject({ ts: '1764601300.000100' });
      expect(await cards.posting(ctx.sinkKey, SHIFT)).toBeNull();
    });

    it('a refusal is certain: nothing to search for on the next attempt', async () => {
      const slack = new FakeSlack();
      const { sink, ctx, cards, signUp, media } = await setup();
      slack.on('chat.postMessage', () => ({ json: { ok: false, error: 'not_in_channel' } }));
      await expect(sink.deliver(await signUp(0), media, ctx)).rejects.toMatchObject({ permanent: true, reason: 'slack: not_in_channel' });
      expect(await cards.posting(ctx.sinkKey, SHIFT)).toBeNull();
    });
  });

  it('wegov volunteer:roster writes the CSV; an unknown shift is an error', async () => {
    const catalog = loadCatalog(defaultCatalogPath({}));
    const i18n = await loadI18n(path.join(repoRoot(), 'locales'), 'en', moduleLocales(engine.modules));
    const signUps = new MemorySignUpStore();
    const services = rosterServices({ catalog, stores: createStores(), i18n, logger: createLogger({ level: 'silent' }), linkSecret: () => 'roster-test-secret' }, signUps, { attendance: new MemoryAttendanceStore() });
    await signUps.signUp({ id: 'su-1', shiftId: SHIFT, person: 'pseudo-1', conversationId: 'c1', capacity: 20, waitlist: true, at: '2026-12-01T15:00:00.000Z' });
    const [cmd] = services.commands!.filter((c) => c.name === 'volunteer:roster');
    let out = '';
    const errs: string[] = [];
    const io = { write: (t: string) => void (out += t), err: (l: string) => void errs.push(l) };
    expect(await cmd!.run([SHIFT], io)).toBe(0);
    expect(parse(out, { bom: true, columns: true })).toEqual([{ position: '1', status: 'confirmed', volunteer: 'pseudo-1', signed_up_at: '2026-12-01T15:00:00.000Z', gloves: '' }]);
    expect(await cmd!.run(['nope'], io)).toBe(1);
    expect(errs).toEqual(["unknown shift 'nope'"]);
    expect(await cmd!.run([], io)).toBe(2);
  });
});
