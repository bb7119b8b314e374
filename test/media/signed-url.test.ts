import { mediaUrlFor, signMediaUrl, verifyMediaUrl } from '../../src/media/signed-url';
import { MemoryMediaStore } from '../../src/state/memory-store';

const secret = 's'.repeat(40);
const now = new Date('2026-06-01T12:00:00Z');
const expiresAt = new Date('2026-06-02T12:00:00Z');

function parts(url: string) {
  const u = new URL(url);
  return { mediaId: u.pathname.split('/').at(-1) ?? '', exp: u.searchParams.get('exp') ?? undefined, sig: u.searchParams.get('sig') ?? undefined };
}

describe('signed media URLs', () => {
  it('signs <base>/media/<id>?exp=<unix>&sig=<base64url HMAC-SHA256> and verifies it', () => {
    const url = signMediaUrl({ baseUrl: 'https://wegov.city.example/', mediaId: 'abcDEF_123-x', expiresAt, secret });
    expect(url).toMatch(/^https:\/\/wegov\.city\.example\/media\/abcDEF_123-x\?exp=1780401600&sig=[A-Za-z0-9_-]{43}$/);
    expect(verifyMediaUrl({ ...parts(url), secret, now })).toEqual({ ok: true, expiresAt });
  });

  it('rejects a changed id, exp or signature, a missing part, and another secret as bad_signature', () => {
    const good = parts(signMediaUrl({ baseUrl: 'http://x', mediaId: 'photo1', expiresAt, secret }));
    const flipped = (good.sig?.[0] === 'A' ? 'B' : 'A') + (good.sig ?? '').slice(1);
    for (const bad of [
      { ...good, mediaId: 'photo2' },
      { ...good, exp: String(Number(good.exp) + 3600) },
      { ...good, sig: flipped },
      { ...good, sig: undefined },
      { ...good, exp: undefined },
      { ...good, sig: `${good.sig}A` },
      { ...good, exp: `${good.exp}.0` },
      { ...good, mediaId: '../etc' },
    ]) {
      expect(verifyMediaUrl({ ...bad, secret, now })).toEqual({ ok: false, reason: 'bad_signature' });
    }
    expect(verifyMediaUrl({ ...good, secret: 't'.repeat(40), now })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('a genuine URL past its exp is expired', () => {
    const url = signMediaUrl({ baseUrl: 'http://x', mediaId: 'photo1', expiresAt, secret });
    expect(verifyMediaUrl({ ...parts(url), secret, now: expiresAt })).toEqual({ ok: false, reason: 'expired' });
  });

  it('mediaUrlFor signs the first photo and keeps its bytes for the URL lifetime', async () => {
    let clock = now.getTime();
    const media = new MemoryMediaStore({ now: () => clock });
    await media.put('photo1', 'image/jpeg', Buffer.from('jpeg bytes'), 60);
    const mediaUrl = mediaUrlFor({ baseUrl: 'https://wegov.city.example', secret, ttlSeconds: 7 * 86400, now: () => new Date(clock) });
    const report = { media: [{ mediaId: 'photo1', contentType: 'image/jpeg', bytes: 10 }] };
    const url = await mediaUrl(report, undefined, media);
    expect(url).toMatch(/^https:\/\/wegov\.city\.example\/media\/photo1\?exp=\d+&sig=[A-Za-z0-9_-]+$/);
    const check = verifyMediaUrl({ ...parts(String(url)), secret, now: new Date(clock) });
    expect(check).toEqual({ ok: true, expiresAt: new Date(clock + 7 * 86400 * 1000) });
    // Six days on, long after the original 60 s TTL, the photo is still there.
    clock += 6 * 86400 * 1000;
    expect((await media.get('photo1'))?.data.toString()).toBe('jpeg bytes');
    expect(await mediaUrl({ media: [] }, undefined, media)).toBeUndefined();
    expect(await mediaUrl({ media: [{ mediaId: 'gone', contentType: 'image/jpeg', bytes: 1 }] }, undefined, media)).toBeUndefined();
    media.close();
  });
});
