/**
 * GET /media/:id over a real port: the signed link an agency receives (Open311 media_url) serves
 * the stripped photo; anything else is refused.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { signMediaUrl } from '../../src/media/signed-url';
import { carriesMetadata, NO_METADATA, photoWithGps } from '../support/photos';
import { createSession, eventually, fileReport, RIVERSIDE_PIN, startHarness, submissionLines, type Harness } from './harness';

const SECRET = 'media-url-secret-for-tests-0123456789abcdef';

describe('signed photo links (GET /media/:id)', () => {
  let h: Harness;
  let server: http.Server;
  let origin: string;
  let mediaId: string;
  let link: URL;

  beforeAll(async () => {
    h = await startHarness('memory', { env: { WEGOV_PUBLIC_URL: 'https://wegov.city.example/', WEGOV_MEDIA_URL_SECRET: SECRET } });
    server = h.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    // A report with a photo carrying EXIF GPS, filed through the web chat API.
    const s = await createSession(h.app);
    await fileReport(h.app, s, { ...RIVERSIDE_PIN, description: 'Broken streetlight', contact: null, photo: await photoWithGps('jpeg') });
    const line = await eventually(() => submissionLines(h.submissionsFile).find((l) => l.payload.conversationId === s.sessionId));
    const media = line.payload.media as { mediaId: string; contentType: string; bytes: number }[];
    mediaId = String(media[0]?.mediaId);
    const url = await h.wiring.mediaUrl({ media }, undefined, h.wiring.runtime.media);
    link = new URL(String(url));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await h.close();
  });

  /** Fetches the link's path and query from the running server. */
  const get = (pathAndQuery: string) => fetch(`${origin}${pathAndQuery}`);
  const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

  it('links start with WEGOV_PUBLIC_URL and serve the stripped photo with safe headers', async () => {
    expect(link.origin).toBe('https://wegov.city.example');
    expect(link.pathname).toBe(`/media/${mediaId}`);
    const res = await get(link.pathname + link.search);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-disposition')).toBe(`inline; filename="${mediaId}.jpg"`);
    expect(res.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/);
    const body = Buffer.from(await res.arrayBuffer());
    expect(body).toEqual((await h.wiring.runtime.media.get(mediaId))?.data);
    expect(await carriesMetadata(body)).toEqual(NO_METADATA);
  });

  it('403 bad_signature when the id, exp or sig is changed or missing', async () => {
    const exp = link.searchParams.get('exp') ?? '';
    const sig = link.searchParams.get('sig') ?? '';
    const flipped = (sig.startsWith('A') ? 'B' : 'A') + sig.slice(1);
    for (const tampered of [
      `/media/${mediaId}x?exp=${exp}&sig=${sig}`,
      `/media/${mediaId}?exp=${Number(exp) + 86400}&sig=${sig}`,
      `/media/${mediaId}?exp=${exp}&sig=${flipped}`,
      `/media/${mediaId}?exp=${exp}`,
      `/media/${mediaId}`,
      `/media/${mediaId}?exp=${exp}&sig=${sig}&sig=${sig}`,
    ]) {
      const res = await get(tampered);
      expect({ tampered, status: res.status }).toEqual({ tampered, status: 403 });
      expect(await errorCode(res)).toBe('bad_signature');
    }
    // Signed with another secret.
    const forged = new URL(signMediaUrl({ baseUrl: origin, mediaId, expiresAt: new Date(Date.now() + 60_000), secret: 'x'.repeat(40) }));
    expect((await get(forged.pathname + forged.search)).status).toBe(403);
  });

  it('410 expired for a genuine link past its exp', async () => {
    const expired = new URL(signMediaUrl({ baseUrl: origin, mediaId, expiresAt: new Date(Date.now() - 1000), secret: SECRET }));
    const res = await get(expired.pathname + expired.search);
    expect(res.status).toBe(410);
    expect(await errorCode(res)).toBe('expired');
  });

  it('404 for a validly signed id that is not (or not a photo) in the store', async () => {
    const expiresAt = new Date(Date.now() + 60_000);
    const unknown = new URL(signMediaUrl({ baseUrl: origin, mediaId: 'no-such-photo', expiresAt, secret: SECRET }));
    const res = await get(unknown.pathname + unknown.search);
    expect(res.status).toBe(404);
    expect(await errorCode(res)).toBe('not_found');
    await h.wiring.runtime.media.put('not-a-photo', 'application/vnd.wegov.telegram-file+json', Buffer.from('{"fileId":"x"}'), 60);
    const ref = new URL(signMediaUrl({ baseUrl: origin, mediaId: 'not-a-photo', expiresAt, secret: SECRET }));
    expect((await get(ref.pathname + ref.search)).status).toBe(404);
  });
});
