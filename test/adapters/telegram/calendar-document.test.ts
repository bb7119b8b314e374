/**
 * The calendar file as a Telegram document (issue 13), through the real app and adapter on
 * Redis at a fixed time: a person signs up for a shift by buttons and, after "Add it to your
 * calendar: <link>", the bot uploads the `.ics` with sendDocument as multipart/form-data (the
 * file part named `volunteer-shift.ics`, `Content-Type: text/calendar`) whose body is the same
 * VCALENDAR the signed link serves: the shift's start and end in UTC, the place, the title in
 * the person's language. A 429 on the upload is waited out like any message's. A message whose
 * link is forged, re-pointed at another sign-up or expired still arrives as text, with no
 * document, and the log says why without the chat id or the link's signature.
 */
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { calendarUrl } from '../../../dialogs/volunteer/calendar/links';
import type { StoredMessage } from '../../../src/state/types';
import { LogLines } from '../../server/log-lines';
import { importCleanupShift } from '../../dialogs/volunteer/support';
import { signUpByButtons, TelegramChat } from './chat';
import type { UploadedFile } from './fake-bot-api';
import { startTelegram, type TelegramHarness } from './support';
import type { Person } from './updates';

const NOW = new Date('2026-12-01T15:00:00.000Z');
const LINK_SECRET = 'telegram-calendar-document-secret-0123456789';
const CALENDAR = 'Add it to your calendar: ';
const CALENDAR_ES = 'Añádelo a tu calendario: ';

/** The content lines of an iCalendar text, unfolded (RFC 5545 3.1). */
const unfolded = (ics: string): string[] => ics.replace(/\r\n[ \t]/g, '').split('\r\n').filter((l) => l !== '');

describe('the calendar file as a Telegram document (Redis, fixed clock)', () => {
  let h: TelegramHarness;
  const log = new LogLines();
  const shiftId = `tg-doc-${randomBytes(4).toString('hex')}`;
  beforeAll(async () => {
    h = await startTelegram('redis', { now: () => NOW, logDestination: log, env: { WEGOV_MEDIA_URL_SECRET: LINK_SECRET } });
    // 09:00-12:00 in Riverside (America/Chicago): 15:00-18:00 UTC.
    await importCleanupShift(h.app, shiftId, '2026-12-28 09:00', '2026-12-28 12:00', 5);
  });
  afterAll(async () => {
    await h.close();
  });

  const person = (language_code: string): Person => ({ id: 700_000_000_000 + Math.floor(Math.random() * 1_000_000_000), first_name: 'Ana', language_code });

  /** Signs `p` up; returns the calendar link and the index of the API call that carried it. */
  async function signUp(p: Person, prefix = CALENDAR): Promise<{ link: string; at: number }> {
    await signUpByButtons(new TelegramChat(h, p), shiftId);
    const at = h.api.calls.findIndex((c) => c.method === 'sendMessage' && c.body.chat_id === p.id && String(c.body.text).startsWith(prefix));
    expect(at).toBeGreaterThanOrEqual(0);
    return { link: String(h.api.calls[at]!.body.text).slice(prefix.length), at };
  }

  const uploadsTo = (p: Person) => h.api.calls.flatMap((c, i) => (c.method === 'sendDocument' && c.body.chat_id === String(p.id) ? [{ at: i, file: c.body.document as UploadedFile }] : []));

  it('uploads the .ics after the confirmation: multipart, text/calendar, the shift in UTC at the place', async () => {
    const ana = person('en-US');
    const { link, at } = await signUp(ana);
    const uploads = uploadsTo(ana);
    expect(uploads).toHaveLength(1);
    const [upload] = uploads;
    // Right after the text that carries the link: nothing else of this chat in between.
    expect(upload!.at).toBeGreaterThan(at);
    expect(h.api.calls.slice(at + 1, upload!.at).filter((c) => c.body.chat_id === ana.id || c.body.chat_id === String(ana.id))).toEqual([]);
    expect(upload!.file.filename).toBe('volunteer-shift.ics');
    expect(upload!.file.contentType).toBe('text/calendar');

    const lines = unfolded(upload!.file.content);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines.at(-1)).toBe('END:VCALENDAR');
    expect(lines).toEqual(expect.arrayContaining(['BEGIN:VEVENT', 'DTSTART:20261228T150000Z', 'DTEND:20261228T180000Z', 'SUMMARY:Riverbank clean-up', 'LOCATION:River path\\, north end of the Riverside Avenue bridge']));
    // The same file the signed link serves.
    const url = new URL(link);
    const served = await request(h.app).get(`${url.pathname}${url.search}`);
    expect(served.status).toBe(200);
    expect(upload!.file.content).toBe(served.text);
  });

  it("is in the person's language, and a 429 on the upload is waited out and retried", async () => {
    const eva = person('es');
    h.api.failNext('sendDocument', 429, { description: 'Too Many Requests: retry after 3', parameters: { retry_after: 3 } });
    const sleepsBefore = h.sleeps.length;
    await signUp(eva, CALENDAR_ES);
    const attempts = uploadsTo(eva);
    expect(attempts).toHaveLength(2);
    expect(h.sleeps.slice(sleepsBefore)).toContain(3000);
    expect(unfolded(attempts[1]!.file.content)).toEqual(expect.arrayContaining(['SUMMARY:Limpieza de la ribera', 'DTSTART:20261228T150000Z']));
  });

  it('sends the text but no document for a forged, re-pointed or expired link, and logs why without the chat id or the signature', async () => {
    const ben = person('en');
    const { link } = await signUp(ben);
    const url = new URL(link);
    const sig = url.searchParams.get('sig')!;
    const forged = link.replace(`sig=${sig}`, `sig=${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`);
    const otherSignUp = link.replace(/\/calendar\/[A-Za-z0-9_-]+\.ics/, '/calendar/someone-else.ics');
    // Genuinely signed (the deployment's secret) for this very sign-up, but past its time.
    const signUpId = /\/calendar\/([A-Za-z0-9_-]+)\.ics/.exec(link)![1]!;
    expect(calendarUrl(`${url.protocol}//${url.host}`, LINK_SECRET, signUpId, new Date(Number(url.searchParams.get('exp')) * 1000))).toBe(link);
    const expired = calendarUrl(`${url.protocol}//${url.host}`, LINK_SECRET, signUpId, new Date(NOW.getTime() - 60_000));
    const before = uploadsTo(ben).length;
    for (const bad of [forged, otherSignUp, expired]) {
      const message: StoredMessage = { id: '9999999999.0000', from: 'bot', text: `${CALENDAR}${bad}`, expects: 'none', lang: 'en', createdAt: NOW.toISOString(), document: { url: bad, filename: 'volunteer-shift.ics', mime: 'text/calendar' } };
      const calls = h.api.calls.length;
      await h.wiring.telegram!.proactive(`tg:${ben.id}`, [message]);
      expect(h.api.calls.slice(calls).map((c) => [c.method, c.body.text])).toEqual([['sendMessage', `${CALENDAR}${bad}`]]);
    }
    expect(uploadsTo(ben)).toHaveLength(before);

    const notSent = log.lines.filter((l) => l.msg === 'telegram document not sent');
    expect(notSent.map((l) => l.reason)).toEqual(['unresolved', 'unresolved', 'unresolved']);
    const all = JSON.stringify(log.lines);
    expect(all).not.toContain(String(ben.id));
    expect(all).not.toContain(sig);
    expect(all).not.toContain(new URL(expired).searchParams.get('sig')!);
  });
});
