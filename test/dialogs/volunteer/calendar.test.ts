/**
 * Calendar files for sign-ups: the `.ics` a person adds to their calendar (read back line by
 * line: `ics` has no parser), and the signed link serving it through a minimal express app
 * (supertest): a valid link, a tampered one, an expired one, an unknown sign-up.
 */
import express from 'express';
import request from 'supertest';
import type { Opportunity, Shift } from '../../../src/catalog/volunteer-types';
import { calendarUid, shiftCalendar } from '../../../dialogs/volunteer/calendar/ics';
import { calendarUrl, verifyCalendarLink } from '../../../dialogs/volunteer/calendar/links';
import { calendarRoute, type CalendarEntry } from '../../../dialogs/volunteer/calendar/route';
import { signMediaUrl } from '../../../src/media/signed-url';

const SECRET = 'calendar-link-secret-for-tests-0123456789';
const NOW = new Date('2027-03-01T08:00:00.000Z');

const shift: Shift = { id: 'shift-sat', startsAt: '2027-03-06T09:00:00.000Z', endsAt: '2027-03-06T12:30:00.000Z', capacity: 10 };
const opportunity: Opportunity = {
  id: 'beach-cleanup',
  title: { en: 'Beach clean-up', es: 'Limpieza de playa', ar: 'تنظيف الشاطئ' },
  description: { en: 'Bring gloves; we bring bags, water and snacks.', es: 'Trae guantes; nosotros llevamos bolsas, agua y algo de comer.' },
  agency: 'parks',
  place: { lat: 36.7213, lon: -4.4214, address: { en: 'Paseo Marítimo 1, Málaga', es: 'Paseo Marítimo 1, Málaga' } },
  tags: ['outdoors'],
  requirements: [],
  questions: [],
  waitlist: true,
  shifts: [shift],
};

/** The content lines of an iCalendar text, unfolded (RFC 5545 3.1). */
function lines(ics: string): string[] {
  expect(ics.endsWith('\r\n')).toBe(true);
  return ics.replace(/\r\n[ \t]/g, '').split('\r\n').filter((l) => l !== '');
}

/** The one line of `name` (a property, e.g. `DTSTART`) of the VEVENT itself (or of its VALARM). */
function prop(all: string[], name: string, within: 'VEVENT' | 'VALARM' = 'VEVENT'): string | undefined {
  let part = all.slice(all.indexOf(`BEGIN:${within}`), all.indexOf(`END:${within}`));
  if (within === 'VEVENT' && part.includes('BEGIN:VALARM')) part = [...part.slice(0, part.indexOf('BEGIN:VALARM')), ...part.slice(part.indexOf('END:VALARM') + 1)];
  const found = part.filter((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`));
  expect(found.length).toBeLessThanOrEqual(1);
  return found[0];
}

describe('shiftCalendar', () => {
  it('is one event in UTC with the place, a stable UID per sign-up and an alarm two hours before', () => {
    const all = lines(shiftCalendar(opportunity, shift, 'es', { signUpId: 'su-123', url: 'https://wegov.city.example/v/beach-cleanup', now: NOW }));
    expect(all[0]).toBe('BEGIN:VCALENDAR');
    expect(all.at(-1)).toBe('END:VCALENDAR');
    expect(all.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
    expect(prop(all, 'UID')).toBe('UID:volunteer-signup-su-123@wegov');
    expect(prop(all, 'DTSTART')).toBe('DTSTART:20270306T090000Z');
    expect(prop(all, 'DTEND')).toBe('DTEND:20270306T123000Z');
    expect(prop(all, 'DTSTAMP')).toBe('DTSTAMP:20270301T080000Z');
    expect(prop(all, 'SUMMARY')).toBe('SUMMARY:Limpieza de playa');
    expect(prop(all, 'LOCATION')).toBe('LOCATION:Paseo Marítimo 1\\, Málaga');
    expect(prop(all, 'GEO')).toBe('GEO:36.7213;-4.4214');
    expect(prop(all, 'DESCRIPTION')).toBe(
      'DESCRIPTION:Trae guantes\\; nosotros llevamos bolsas\\, agua y algo de comer.\\n\\nhttps://wegov.city.example/v/beach-cleanup',
    );
    expect(prop(all, 'URL')).toBe('URL:https://wegov.city.example/v/beach-cleanup');
    expect(prop(all, 'ACTION', 'VALARM')).toBe('ACTION:DISPLAY');
    expect(prop(all, 'TRIGGER', 'VALARM')).toBe('TRIGGER:-PT2H');
    expect(prop(all, 'DESCRIPTION', 'VALARM')).toBe('DESCRIPTION:Limpieza de playa');
  });

  it('keeps the UID when the shift moves (the calendar updates the same event); falls back to the default locale', () => {
    const moved: Shift = { ...shift, startsAt: '2027-03-07T09:00:00.000Z', endsAt: '2027-03-07T11:00:00.000Z' };
    const before = lines(shiftCalendar(opportunity, shift, 'ar', { signUpId: 'su-123', now: NOW }));
    const after = lines(shiftCalendar(opportunity, moved, 'ar', { signUpId: 'su-123', now: NOW }));
    expect(prop(after, 'UID')).toBe(prop(before, 'UID'));
    expect(prop(after, 'UID')).toBe(`UID:${calendarUid('su-123')}`);
    expect(prop(after, 'DTSTART')).toBe('DTSTART:20270307T090000Z');
    expect(prop(after, 'SUMMARY')).toBe('SUMMARY:تنظيف الشاطئ');
    expect(prop(after, 'LOCATION')).toBe('LOCATION:Paseo Marítimo 1\\, Málaga'); // no Arabic address: English
    expect(prop(after, 'URL')).toBeUndefined();
    expect(prop(lines(shiftCalendar(opportunity, shift, 'en', { signUpId: 'su-456', now: NOW })), 'UID')).toBe('UID:volunteer-signup-su-456@wegov');
  });

  it('folds a long Arabic description into lines that unfold to the same text', () => {
    const long = 'أحضر قفازات؛ نحن نحضر الأكياس والماء والوجبات الخفيفة. '.repeat(4).trim();
    const ics = shiftCalendar({ ...opportunity, description: { ar: long } }, shift, 'ar', { signUpId: 'su-ar', now: NOW });
    expect(ics.split('\r\n').some((l) => l.startsWith('\t'))).toBe(true); // folded with a tab (RFC 5545 allows space or tab)
    expect(prop(lines(ics), 'DESCRIPTION')).toBe(`DESCRIPTION:${long}`);
  });

  it('refuses a shift that ends before it starts', () => {
    expect(() => shiftCalendar(opportunity, { ...shift, endsAt: shift.startsAt }, 'en', { signUpId: 'x' })).toThrow(RangeError);
  });
});

describe('calendar links', () => {
  it('a link verifies until it expires; a changed id, exp or signature does not; a photo signature is no calendar link', () => {
    const exp = new Date(NOW.getTime() + 3600_000);
    const url = new URL(calendarUrl('https://wegov.city.example/', SECRET, 'su-123', exp));
    expect(url.pathname).toBe('/volunteer/calendar/su-123.ics');
    const q = { exp: url.searchParams.get('exp') ?? '', sig: url.searchParams.get('sig') ?? '' };
    expect(verifyCalendarLink({ signUpId: 'su-123', ...q, secret: SECRET, now: NOW })).toEqual({ ok: true, expiresAt: exp });
    expect(verifyCalendarLink({ signUpId: 'su-124', ...q, secret: SECRET, now: NOW })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyCalendarLink({ signUpId: 'su-123', ...q, exp: String(Number(q.exp) + 60), secret: SECRET, now: NOW })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyCalendarLink({ signUpId: 'su-123', ...q, secret: 'another-secret', now: NOW })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyCalendarLink({ signUpId: 'su-123', ...q, secret: SECRET, now: exp })).toEqual({ ok: false, reason: 'expired' });
    const photo = new URL(signMediaUrl({ baseUrl: 'https://x.example', mediaId: 'su-123', expiresAt: exp, secret: SECRET }));
    expect(verifyCalendarLink({ signUpId: 'su-123', exp: photo.searchParams.get('exp'), sig: photo.searchParams.get('sig'), secret: SECRET, now: NOW })).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });
});

describe('GET /volunteer/calendar/:signUpId.ics', () => {
  let now = NOW;
  const entries = new Map<string, CalendarEntry>([['su-123', { opportunity, shift, locale: 'es', url: 'https://wegov.city.example/v/beach-cleanup' }]]);
  const app = express();
  app.use(calendarRoute(async (id) => entries.get(id), { secret: SECRET, now: () => now }));
  const expiresAt = new Date(NOW.getTime() + 7 * 86_400_000);
  const pathOf = (id: string): string => {
    const u = new URL(calendarUrl('https://wegov.city.example', SECRET, id, expiresAt));
    return `${u.pathname}${u.search}`;
  };

  afterEach(() => {
    now = NOW;
  });

  it('a valid link downloads the calendar file in the person’s language', async () => {
    const res = await request(app).get(pathOf('su-123')).buffer(true).parse((r, done) => {
      let text = '';
      r.setEncoding('utf8');
      r.on('data', (c: string) => (text += c));
      r.on('end', () => done(null, text));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="volunteer-shift.ics"');
    const all = lines(String(res.body));
    expect(prop(all, 'UID')).toBe('UID:volunteer-signup-su-123@wegov');
    expect(prop(all, 'SUMMARY')).toBe('SUMMARY:Limpieza de playa');
    expect(prop(all, 'DTSTART')).toBe('DTSTART:20270306T090000Z');
    expect(all).toContain('BEGIN:VALARM');
  });

  it('a tampered link is refused with 403 bad_signature', async () => {
    const path = pathOf('su-123');
    const tampered = [path.replace('su-123', 'su-124'), path.replace(/exp=(\d+)/, (_m, e: string) => `exp=${Number(e) + 86_400}`), path.replace(/sig=[^&]+/, `sig=${'A'.repeat(43)}`), path.split('?')[0]!];
    for (const p of tampered) {
      const res = await request(app).get(p);
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({ error: { code: 'bad_signature', message: 'missing or invalid calendar link signature' } });
    }
  });

  it('an expired link is refused with 403 expired', async () => {
    const path = pathOf('su-123');
    now = new Date(expiresAt.getTime() + 1000);
    const res = await request(app).get(path);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: { code: 'expired', message: 'this calendar link has expired' } });
  });

  it('a genuine link to a sign-up that no longer exists is 404 not_found', async () => {
    const res = await request(app).get(pathOf('su-gone'));
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});
