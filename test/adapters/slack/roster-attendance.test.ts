/**
 * "Mark attended" on the Slack roster card (issue 13: "staff can mark attendance in Slack; hours
 * are recorded"), through the real app on Redis with Slack's Web API on nock and a clock the test
 * moves. Parks posts to a Slack channel; a shift of two places gets three sign-ups in the web chat
 * (two confirmed, one waiting). The card shows each volunteer by number and a per-shift reference,
 * never a pseudonym or chat identity, with a "Mark attended" button for the confirmed ones only.
 * Before the shift a click is answered "too early"; during it a non-member of the channel, a value
 * that names the waitlisted person, a value of another card and a value that is not ours are
 * refused with an ephemeral message and change nothing; a member's click records the attendance
 * (with their Slack id in the record, not on the card) and redraws the card in place with
 * "✓ Attended"; the other volunteer's own check-in redraws it too. After the shift the volunteer's
 * "how many hours have I given?" counts the shift; "Not attended" takes it back; a week after
 * the shift the buttons are gone.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { RedisAttendanceStore } from '../../../dialogs/volunteer/attendance/redis-store';
import { RedisCalls, RoundTripCounter, waitUntilReady } from '../../../src/state/redis-calls';
import { createRedisClient } from '../../../src/state/redis-connection';
import { ADMIN_TOKEN, createSession, say, submissionLines } from '../../server/harness';
import { check } from '../../sinks/webhook/schema-check';
import { signUpFor } from '../../dialogs/volunteer/support';
import { testRedisUrl } from '../../setup/redis';
import { accessoriesOf, blockAction, channelMembers, slashCommand, parksSlackCatalogue, sendSlack, settle, startSlack, waitFor, type AccessoryButton, type SlackCall, type SlackHarness } from './support';

const CHANNEL = 'CPARKS03';
const attendanceSchema = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../docs/webhooks/volunteer-attendance-v1.schema.json'), 'utf8')) as Record<string, unknown>;
const STAFF = 'USTAFFPARKS1';

describe('Slack roster card: staff mark attendance', () => {
  let h: SlackHarness;
  let now = new Date('2026-12-01T15:00:00Z');
  // A shift id of its own per run (the run's Redis is shared); 09:00-12:00 in Riverside (America/Chicago: 15:00-18:00 UTC).
  const shiftId = `test-attend-${randomBytes(4).toString('hex')}`;
  const people = [`attend-a-${shiftId}`, `attend-b-${shiftId}`, `attend-c-${shiftId}`];
  const redis = createRedisClient(testRedisUrl());
  const attendance = new RedisAttendanceStore(new RedisCalls(redis, new RoundTripCounter(), 2000));
  let ts = '';

  beforeAll(async () => {
    await waitUntilReady(redis, 5000, 'test');
    h = await startSlack('redis', { WEGOV_CONFIG: parksSlackCatalogue(CHANNEL), WEGOV_MEDIA_URL_SECRET: 'roster-attendance-test-secret-0123456789' }, undefined, () => now);
    const csv = `opportunity_id,shift_id,starts_at,ends_at,capacity\r\nriverbank-cleanup,${shiftId},2026-12-27 09:00,2026-12-27 12:00,2\r\n`;
    expect((await request(h.app).put('/admin/volunteering/shifts').set('Authorization', `Bearer ${ADMIN_TOKEN}`).set('Content-Type', 'text/csv').send(csv)).status).toBe(200);
    channelMembers(h.api, [STAFF, 'UOTHERSTAFF']);
  });
  afterAll(async () => {
    await h?.close();
    await redis.quit();
  });

  const blocksText = (c: SlackCall | undefined): string => JSON.stringify(c?.body.blocks ?? []);
  const cards = (): SlackCall[] => h.api.calls.filter((c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && c.body.thread_ts === undefined && blocksText(c).includes('Roster: Riverbank clean-up') && blocksText(c).includes('Sun, Dec 27'));
  const ephemerals = (user: string): string[] => h.api.calls.filter((c) => c.method === 'chat.postEphemeral' && c.body.user === user).map((c) => String(c.body.text));
  const latestCard = (): SlackCall => cards().at(-1)!;
  /** The `volunteer_attendance` results the file sink got for this shift, in order. */
  const attendanceLines = () => submissionLines(h.submissionsFile).filter((l) => (l as { kind?: string }).kind === 'volunteer_attendance' && l.payload.shiftId === shiftId);
  /** The card's section of volunteer n (1-based), and its button if it has one. */
  const volunteer = (n: number, card: SlackCall = latestCard()): { section: string; button: AccessoryButton | undefined } => {
    const sections = ((card.body.blocks ?? []) as { type: string; text?: { text: string } }[]).filter((b) => b.type === 'section').map((b) => b.text?.text ?? '');
    const section = sections.find((s) => s.startsWith(`*Volunteer ${n}*`))!;
    return { section, button: accessoriesOf(card).find((b) => b.section === section) };
  };

  /** A click on a roster card button as Slack sends it (the card's channel and ts unless told otherwise). */
  async function click(user: string, button: { action_id: string; value: string; text?: string }, on: { ts?: string; channel?: string } = {}): Promise<void> {
    const res = await sendSlack(h.app, blockAction(user, { action_id: button.action_id, value: button.value, text: button.text ?? 'x', block_id: 'roster' }, on.ts ?? ts, on.channel ?? CHANNEL));
    expect(res.status).toBe(200);
  }

  /** Waits for the next card update after `before` calls. */
  const nextUpdate = (before: number): Promise<SlackCall> => waitFor(() => h.api.calls.slice(before).find((c) => c.method === 'chat.update' && c.body.ts === ts));

  it('draws the card with a per-shift reference per volunteer and a button for the confirmed ones only', async () => {
    for (const [i, p] of people.entries()) {
      const { said } = await signUpFor(h.app, shiftId, p);
      expect(said[0]).toContain(i < 2 ? 'You are signed up' : 'number 1 on the waitlist');
    }
    await waitFor(() => cards().length >= 3 && blocksText(latestCard()).includes('2 of 2 places taken · 1 waiting'));
    ts = String((await waitFor(() => h.api.calls.find((c) => c.method === 'chat.postMessage' && c.body.thread_ts !== undefined))).body.thread_ts);
    const card = latestCard();
    expect(card.body).toMatchObject({ channel: CHANNEL, ts });
    const [one, two, three] = [volunteer(1), volunteer(2), volunteer(3)];
    expect(one.section).toMatch(/^\*Volunteer 1\* · `[0-9A-Z]{8}`\n/);
    expect(three.section).toMatch(/^\*Volunteer 3\* · waitlist #1 · `[0-9A-Z]{8}`\n/);
    expect(new Set([one, two, three].map((v) => v.section.slice(0, 40))).size).toBe(3);
    expect(one.button).toMatchObject({ action_id: 'wegov_attendance:mark', text: 'Mark attended', style: 'primary' });
    expect(two.button).toMatchObject({ action_id: 'wegov_attendance:mark', text: 'Mark attended' });
    expect(three.button).toBeUndefined();
    // The value names the card and the reference: no pseudonym, no chat identity anywhere.
    expect(JSON.parse(one.button!.value)).toEqual({ k: 'parks.1', s: shiftId, r: one.section.match(/`([0-9A-Z]{8})`/)![1] });
    const pseudonyms = Object.keys(await attendance.ofShift(shiftId));
    expect(pseudonyms).toEqual([]);
    for (const p of people) expect(JSON.stringify(h.api.calls)).not.toContain(p);
  });

  it('before the shift a click is answered "too early" and nothing is recorded', async () => {
    const before = h.api.calls.length;
    await click(STAFF, volunteer(1).button!);
    expect(await waitFor(() => ephemerals(STAFF)[0])).toBe('Attendance can be marked once the shift has started.');
    expect(h.api.calls.slice(before).filter((c) => c.method === 'chat.update')).toHaveLength(0);
    expect(await attendance.ofShift(shiftId)).toEqual({});
  });

  it('during the shift: refusals for a non-member, a forged value and another card; a member marks a volunteer attended and the card shows it', async () => {
    now = new Date('2026-12-27T15:30:00Z');
    const one = volunteer(1).button!;
    const waitlisted = volunteer(3).section.match(/`([0-9A-Z]{8})`/)![1]!;

    await click('USTRANGER1', one);
    expect(await waitFor(() => ephemerals('USTRANGER1')[0])).toBe('Only members of this channel can mark attendance.');
    expect(h.api.calls.find((c) => c.method === 'chat.postEphemeral' && c.body.user === 'USTRANGER1')!.body.channel).toBe(CHANNEL);

    // Forged values: the waitlisted person's reference, another shift, something that is not ours; the button on another message.
    await click(STAFF, { action_id: 'wegov_attendance:mark', value: JSON.stringify({ k: 'parks.1', s: shiftId, r: waitlisted }) });
    expect(await waitFor(() => ephemerals(STAFF)[1])).toBe('That volunteer no longer has a confirmed place on this shift.');
    await click(STAFF, { action_id: 'wegov_attendance:mark', value: JSON.stringify({ k: 'parks.1', s: 'cleanup-2026-12-05', r: JSON.parse(one.value).r }) });
    await click(STAFF, { action_id: 'wegov_attendance:mark', value: '{"k":"parks.1","s":"x","r":"AAAAAAAA","extra":1}' });
    await click(STAFF, { action_id: 'wegov_attendance:mark', value: 'not json' });
    await click(STAFF, one, { ts: '1600000000.000100' });
    await waitFor(() => ephemerals(STAFF).length >= 6);
    expect(ephemerals(STAFF).slice(2)).toEqual(Array(4).fill("That button does not belong to this shift's roster card. Use the buttons on the card in its channel."));
    expect(await attendance.ofShift(shiftId)).toEqual({});

    // A member marks volunteer 1: recorded with who did it, the card redrawn in place.
    const before = h.api.calls.length;
    await click(STAFF, one);
    const update = await nextUpdate(before);
    expect(update.body.channel).toBe(CHANNEL);
    expect(volunteer(1, update).section).toMatch(/^\*Volunteer 1\* · ✓ Attended \(marked by staff\) · `[0-9A-Z]{8}`/);
    expect(volunteer(1, update).button).toMatchObject({ action_id: 'wegov_attendance:unmark', text: 'Not attended' });
    expect(volunteer(2, update).button).toMatchObject({ action_id: 'wegov_attendance:mark' });
    expect(blocksText(update)).not.toContain(STAFF);
    const marks = Object.values(await attendance.ofShift(shiftId));
    expect(marks).toEqual([{ at: now.toISOString(), by: 'staff', staff: `slack:${STAFF}` }]);
    // No ephemeral for a recorded click: the card says it.
    await settle();
    expect(ephemerals(STAFF)).toHaveLength(6);

    // The same old button again (a colleague's stale card): the mark stands, once.
    await click('UOTHERSTAFF', one);
    await settle();
    expect(Object.values(await attendance.ofShift(shiftId))).toEqual(marks);
    expect(ephemerals('UOTHERSTAFF')).toEqual([]);

    // The agency hears of the mark through the outbox, like a check-in (once, marked by staff, never who).
    const forwarded = await waitFor(() => (attendanceLines().length > 0 ? attendanceLines() : undefined));
    await settle();
    expect(attendanceLines()).toHaveLength(1);
    expect(forwarded[0]!.payload).toMatchObject({ shiftId, opportunityId: 'riverbank-cleanup', agencyId: 'parks', checkedInAt: now.toISOString(), hours: 3, markedBy: 'staff' });
    expect(check(attendanceSchema, forwarded[0]!.payload, (attendanceSchema.properties as Record<string, Record<string, unknown>>).result)).toEqual([]);
    expect(JSON.stringify(forwarded[0])).not.toContain(STAFF);
  });

  it("a volunteer's own check-in redraws the card too", async () => {
    const before = h.api.calls.length;
    const s = await createSession(h.app, { locale: 'en', participant: people[1]! });
    await say(h.app, s, { text: "I'm here" });
    expect((await say(h.app, s, { location: { lat: 30.2627, lon: -97.7481 } }))[0]!.text).toContain("you're checked in");
    const update = await waitFor(() => h.api.calls.slice(before).find((c) => c.method === 'chat.update' && c.body.ts === ts && volunteer(2, c).section.includes('✓')));
    expect(volunteer(2, update).section).toMatch(/^\*Volunteer 2\* · ✓ Attended \(checked in\) · /);
    expect(volunteer(1, update).section).toContain('✓ Attended (marked by staff)');
    expect(cards().filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
    // Her own check-in is forwarded as a check-in (no markedBy).
    await waitFor(() => (attendanceLines().length === 2 ? true : undefined));
    expect(attendanceLines()[1]!.payload).not.toHaveProperty('markedBy');
  });

  it('after the shift the hours count it; "Not attended" takes it back; a week later the buttons are gone', async () => {
    now = new Date('2026-12-27T19:00:00Z');
    const hours = async (): Promise<string> => (await say(h.app, await createSession(h.app, { locale: 'en', participant: people[0]! }), { text: 'how many hours have I given?' }))[0]!.text;
    expect(await hours()).toBe('You have given 3 hours over 1 shift. Thank you!');

    let before = h.api.calls.length;
    await click(STAFF, volunteer(1).button!);
    const undone = await nextUpdate(before);
    expect(volunteer(1, undone).section).not.toContain('✓');
    expect(volunteer(1, undone).button).toMatchObject({ action_id: 'wegov_attendance:mark' });
    expect(await hours()).toBe('You have no volunteer hours yet: they count once a shift you checked in to has ended.');

    // Eight days after the end: too late, and the card loses its buttons.
    now = new Date('2027-01-04T19:00:00Z');
    before = h.api.calls.length;
    await click(STAFF, volunteer(1).button!);
    expect(await waitFor(() => ephemerals(STAFF).at(-1)?.startsWith('Attendance for this shift can no longer be marked') && ephemerals(STAFF).at(-1))).toBe(
      'Attendance for this shift can no longer be marked: marking closes 7 days after the shift ends.',
    );
    const closed = await nextUpdate(before);
    expect(accessoriesOf(closed)).toEqual([]);
    expect(volunteer(2, closed).section).toContain('✓ Attended (checked in)');
  });

  it('/wegov roster <shift> in the card\'s channel answers the card with its buttons, which mark like the card\'s own', async () => {
    now = new Date('2026-12-27T16:00:00Z');
    const ask = async (channel: string): Promise<SlackCall['body']> => {
      const before = h.api.responses.length;
      expect((await sendSlack(h.app, slashCommand(STAFF, `roster ${shiftId}`, '/wegov', channel))).status).toBe(200);
      return (await waitFor(() => h.api.responses[before])).body as SlackCall['body'];
    };
    // Elsewhere (the triage channel): the card, without buttons.
    const elsewhere = await ask('CTRIAGE');
    expect(JSON.stringify(elsewhere.blocks)).toContain('Roster: Riverbank clean-up');
    expect(accessoriesOf({ method: 'respond', body: elsewhere })).toEqual([]);
    // In the card's channel: the card with its buttons (volunteer 1's mark was taken back; volunteer 2 checked in).
    const here = await ask(CHANNEL);
    expect(here.response_type).toBe('ephemeral');
    const buttons = accessoriesOf({ method: 'respond', body: here });
    expect(buttons.map((b) => b.text)).toEqual(['Mark attended', 'Not attended']);
    // A click on the ephemeral copy (its own ts): recorded, the channel's card and the copy redrawn.
    const before = h.api.calls.length;
    const responses = h.api.responses.length;
    const req = blockAction(STAFF, { action_id: buttons[0]!.action_id, value: buttons[0]!.value, text: 'Mark attended', block_id: 'roster' }, '1700000999.000100', CHANNEL);
    const payload = JSON.parse(new URLSearchParams(req.body).get('payload')!) as { container: Record<string, unknown>; message?: unknown };
    payload.container.is_ephemeral = true;
    delete payload.message;
    expect((await sendSlack(h.app, { ...req, body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString() })).status).toBe(200);
    const update = await nextUpdate(before);
    expect(volunteer(1, update).section).toContain('✓ Attended (marked by staff)');
    const copy = (await waitFor(() => h.api.responses.slice(responses).find((r) => r.body.replace_original === true))).body as SlackCall['body'];
    expect(accessoriesOf({ method: 'respond', body: copy }).map((b) => b.text)).toEqual(['Not attended', 'Not attended']);
    expect(Object.values(await attendance.ofShift(shiftId))).toHaveLength(2);
    // The same ephemeral click claimed from another channel names no card there: refused, nothing changes.
    const elsewhereReq = blockAction(STAFF, { action_id: 'wegov_attendance:unmark', value: buttons[0]!.value, text: 'Not attended', block_id: 'roster' }, '1700000999.000200', 'CTRIAGE');
    const moved = JSON.parse(new URLSearchParams(elsewhereReq.body).get('payload')!) as { container: Record<string, unknown> };
    moved.container.is_ephemeral = true;
    const refusedBefore = ephemerals(STAFF).length;
    await sendSlack(h.app, { ...elsewhereReq, body: new URLSearchParams({ payload: JSON.stringify(moved) }).toString() });
    expect(await waitFor(() => ephemerals(STAFF).length > refusedBefore && ephemerals(STAFF).at(-1))).toBe("That button does not belong to this shift's roster card. Use the buttons on the card in its channel.");
    expect(Object.values(await attendance.ofShift(shiftId))).toHaveLength(2);
  });

  it("refusals are in the clicking person's Slack language", async () => {
    h.api.answers.set('users.info', () => ({ user: { id: 'UEXTRANO1', locale: 'es-ES' } }));
    try {
      await click('UEXTRANO1', { action_id: 'wegov_attendance:mark', value: 'not json' });
      expect(await waitFor(() => ephemerals('UEXTRANO1')[0])).toBe('Ese botón no es de la lista de este turno. Usa los botones de la tarjeta en su canal.');
    } finally {
      h.api.answers.delete('users.info');
    }
  });
});
