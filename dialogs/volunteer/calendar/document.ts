/**
 * A sign-up's calendar file as a document a channel uploads (Telegram sends it with
 * sendDocument): the module's DocumentResolver (src/modules/documents.ts). It takes the signed
 * link the confirmation carries, checks it exactly as the public route does (file.ts: signature
 * first, then expiry, then the sign-up still existing) and generates the same `.ics` in-process,
 * with no HTTP round trip to the deployment's own public URL. Any other URL, or a link that does
 * not check out, is null.
 */
import type { DocumentResolver } from '../../../src/modules/documents';
import { CALENDAR_FILENAME, CALENDAR_MIME, calendarFile, type CalendarFileOptions, type CalendarLookup } from './file';
import { calendarLinkParts } from './links';

export function calendarDocuments(publicUrl: string, lookup: CalendarLookup, opts: CalendarFileOptions): DocumentResolver {
  return async (url) => {
    const parts = calendarLinkParts(publicUrl, url);
    if (!parts) return null;
    const file = await calendarFile(lookup, opts, parts);
    if (!file.ok) return null;
    return { body: Buffer.from(file.body, 'utf8'), filename: CALENDAR_FILENAME, mime: CALENDAR_MIME };
  };
}
