/**
 * "My data" download links: `<WEGOV_PUBLIC_URL>/my-data/<exportId>?exp=<unix seconds>&sig=<sig>`.
 *
 * - `exportId` is 128 bits from the operating system's CSPRNG (crypto.randomBytes), drawn here
 *   in the runtime: never env.random, which tests seed and which only needs to make references
 *   hard to guess. The link never contains the conversation id (on Telegram that is the
 *   person's Telegram id): the id is mapped to the conversation by a record in the store that
 *   expires with the link, so any process on the same Redis can serve it.
 * - `sig` is base64url(HMAC-SHA256(secret, "my-data.<exportId>.<exp>")), the scheme of the photo
 *   links (src/media/signed-url.ts) with its own prefix, so a photo signature can never pass
 *   for a data-export one. The secret is the photo-link secret (WEGOV_MEDIA_URL_SECRET): every
 *   process that serves links already shares it. `exp` is covered by the signature.
 * - The record lives in the MediaStore (a TTL'd blob store every process shares, memory or
 *   Redis) under `dx-<exportId>` with a private content type, as Telegram file references do
 *   (adapters/telegram/media.ts); the photo route never serves that type.
 *
 * The engine asks for a link with a placeholder (src/engine/data-export.ts); `fillDataExportLinks`
 * mints one per turn and puts it in every message that has the placeholder.
 */
import crypto from 'node:crypto';
import { DATA_EXPORT_URL } from '../engine/data-export';
import type { EngineEvent } from '../engine/events';
import type { OutMessage } from '../engine/message';
import { t, type Text, type TextArg } from '../engine/text';
import type { MediaStore } from '../state/types';

/** How long a "my data" link works (the locales say "one hour"). */
export const DATA_EXPORT_TTL_SECONDS = 3600;

/** Content type of an export record in the MediaStore (never a servable photo type). */
export const DATA_EXPORT_RECORD_TYPE = 'application/vnd.wegov.data-export+json';
const RECORD_PREFIX = 'dx-';
const EXPORT_ID = /^[A-Za-z0-9_-]{22}$/;

export interface DataExportLinkSettings {
  /** WEGOV_PUBLIC_URL. */
  baseUrl: string;
  /** The photo-link secret (WEGOV_MEDIA_URL_SECRET, or the process's random one). */
  secret: string;
  media: MediaStore;
  ttlSeconds?: number;
  now?: () => Date;
}

export function dataExportSignature(exportId: string, exp: number, secret: string): string {
  return crypto.createHmac('sha256', secret).update(`my-data.${exportId}.${exp}`).digest('base64url');
}

/** The URL of one export (exported for tests that forge or age links). */
export function signDataExportUrl(baseUrl: string, exportId: string, exp: number, secret: string): string {
  return `${baseUrl.replace(/(?<!\/)\/+$/, '')}/my-data/${exportId}?exp=${exp}&sig=${dataExportSignature(exportId, exp, secret)}`;
}

export type DataExportLinkCheck = { ok: true; conversationId: string } | { ok: false; reason: 'invalid' | 'expired' | 'unknown' };

/**
 * Checks a link as the route receives it and finds its conversation. A malformed part or a
 * wrong signature is `invalid` (checked first and in constant time, so nothing about stored
 * ids leaks); a genuine link past `exp` is `expired`; a genuine live link whose record is gone
 * (the store was flushed) is `unknown`.
 */
export async function resolveDataExportLink(
  settings: Pick<DataExportLinkSettings, 'secret' | 'media' | 'now'>,
  input: { exportId: string; exp: unknown; sig: unknown },
): Promise<DataExportLinkCheck> {
  const { exportId, exp, sig } = input;
  if (!EXPORT_ID.test(exportId) || typeof exp !== 'string' || typeof sig !== 'string') return { ok: false, reason: 'invalid' };
  if (!/^\d{1,12}$/.test(exp) || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return { ok: false, reason: 'invalid' };
  const expected = Buffer.from(dataExportSignature(exportId, Number(exp), settings.secret), 'base64url');
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
  const now = (settings.now ?? (() => new Date()))();
  if (Number(exp) * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  const record = await settings.media.get(RECORD_PREFIX + exportId);
  if (record === null || record.contentType !== DATA_EXPORT_RECORD_TYPE) return { ok: false, reason: 'unknown' };
  const parsed = parseRecord(record.data);
  return parsed === null ? { ok: false, reason: 'unknown' } : { ok: true, conversationId: parsed };
}

function parseRecord(data: Buffer): string | null {
  try {
    const value: unknown = JSON.parse(data.toString('utf8'));
    if (typeof value === 'object' && value !== null && 'conversationId' in value && typeof value.conversationId === 'string') return value.conversationId;
  } catch {
    // A record this code did not write: treated as gone.
  }
  return null;
}

/** Mints a link for a conversation: a fresh id, its record in the store, the signed URL. */
export function dataExportLinks(settings: DataExportLinkSettings): (conversationId: string) => Promise<string> {
  const ttl = settings.ttlSeconds ?? DATA_EXPORT_TTL_SECONDS;
  return async (conversationId) => {
    const exportId = crypto.randomBytes(16).toString('base64url');
    const now = (settings.now ?? (() => new Date()))();
    const exp = Math.floor(now.getTime() / 1000) + ttl;
    // A minute longer than the link, so a click at the last second still finds it.
    await settings.media.put(RECORD_PREFIX + exportId, DATA_EXPORT_RECORD_TYPE, Buffer.from(JSON.stringify({ conversationId }), 'utf8'), ttl + 60);
    return signDataExportUrl(settings.baseUrl, exportId, exp, settings.secret);
  };
}

const hasPlaceholder = (text: readonly Text[]): boolean => text.some(textHas);
function textHas(text: Text): boolean {
  if ('literal' in text) return text.literal === DATA_EXPORT_URL;
  return Object.values(text.args ?? {}).some((a) => typeof a === 'object' && textHas(a));
}

function replaceIn(text: Text, by: Text): Text {
  if ('literal' in text) return text.literal === DATA_EXPORT_URL ? by : text;
  if (!text.args) return text;
  const args: Record<string, TextArg> = {};
  for (const [k, a] of Object.entries(text.args)) args[k] = typeof a === 'object' ? replaceIn(a, by) : a;
  return { key: text.key, args };
}

/**
 * The turn's events with every link placeholder replaced by one freshly minted link (or, when
 * no link can be made here, by a polite "not available now" in the person's language). Turns
 * without a placeholder are returned as they are, with no I/O.
 */
export async function fillDataExportLinks(
  events: EngineEvent[],
  conversationId: string,
  mint: ((conversationId: string) => Promise<string>) | undefined,
): Promise<EngineEvent[]> {
  if (!events.some((e) => e.type === 'message_sent' && hasPlaceholder(e.message.text))) return events;
  const url = mint ? await mint(conversationId) : undefined;
  // Without a link the paragraph that would carry it becomes the apology.
  const fill = (p: Text): Text => (url !== undefined ? replaceIn(p, { literal: url }) : textHas(p) ? t('my_data.unavailable') : p);
  return events.map((e): EngineEvent => {
    if (e.type !== 'message_sent' || !hasPlaceholder(e.message.text)) return e;
    const message: OutMessage = { ...e.message, text: e.message.text.map(fill) };
    return { type: 'message_sent', message };
  });
}
