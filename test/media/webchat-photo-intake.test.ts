/**
 * Web chat photos, through the real app and its stores (memory and the run's Redis): a photo is
 * decoded and kept only when the open question asks for one, and only when the process's decode
 * pool has room. Stored photos are observed on the real media store (its `put`), never mocked.
 */
import sharp from 'sharp';
import { configurePhotoDecoding, photoDecodePool, QUEUED_PER_SLOT } from '../../src/media/photo-decoding';
import { MAX_DIMENSION, OUTPUT_MAX_BYTES } from '../../src/media/strip-metadata';
import { createStores } from '../../src/state';
import type { StoredMessage } from '../../src/state/types';
import { createSession, post, say, sayLocation, startHarness, type ChatSession, type Harness, type StoreKind } from '../server/harness';
import { testRedisUrl } from '../setup/redis';
import { carriesMetadata, NO_METADATA, photoWithGps } from '../support/photos';
import { noisePng } from './hostile-photos';

interface Put {
  id: string;
  contentType: string;
  data: Buffer;
}

const photoBody = (data: Buffer, contentType = 'image/png') => ({ photo: { contentType, data: data.toString('base64') } });
const last = (messages: readonly StoredMessage[]): StoredMessage | undefined => messages.at(-1);

describe.each<StoreKind>(['memory', 'redis'])('web chat photo intake (%s)', (kind) => {
  let h: Harness;
  const puts: Put[] = [];
  beforeAll(async () => {
    const stores = createStores({ ...(kind === 'redis' ? { redisUrl: testRedisUrl() } : {}), commandTimeoutMs: 2000 });
    const put = stores.media.put.bind(stores.media);
    stores.media.put = async (id, contentType, data, ttl) => {
      puts.push({ id, contentType, data });
      return put(id, contentType, data, ttl);
    };
    h = await startHarness(kind, { env: { WEGOV_PHOTO_DECODE_CONCURRENCY: '1' }, overrides: { stores } });
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(() => {
    puts.length = 0;
  });

  /** A pothole report up to its photo question. */
  async function atPhotoQuestion(locale?: string): Promise<ChatSession> {
    const s = await createSession(h.app, { start: 'report:pothole', ...(locale ? { locale } : {}) });
    await say(h.app, s, { choice: 'small' });
    await say(h.app, s, { choice: 'no' });
    const asked = await sayLocation(h.app, s, { lat: 30.27, lon: -97.74 });
    expect(last(asked)?.expects).toBe('photo');
    return s;
  }

  it('keeps the 2 MB noise PNG as a small JPEG without metadata, within the pixel budget', async () => {
    const s = await atPhotoQuestion();
    const next = await say(h.app, s, photoBody(noisePng()));
    expect(last(next)?.expects).toBe('text'); // on to the description
    expect(puts).toHaveLength(1);
    const stored = await h.wiring.stores.media.get(puts[0]?.id ?? '');
    expect(stored?.contentType).toBe('image/jpeg');
    expect(stored?.data.length).toBeLessThanOrEqual(OUTPUT_MAX_BYTES);
    const meta = await sharp(stored?.data).metadata();
    expect(meta.format).toBe('jpeg');
    expect(Math.max(meta.width, meta.height)).toBeLessThanOrEqual(MAX_DIMENSION);
    expect(await carriesMetadata(stored?.data ?? Buffer.alloc(0))).toEqual(NO_METADATA);
  });

  it.each([
    ['en', "I'm not asking for a photo at this point, so I didn't keep that one."],
    ['es', 'Ahora no te estoy pidiendo una foto, así que no he guardado esa.'],
  ])('does not decode or keep a photo sent when the description is asked for, and says so (%s)', async (locale, sentence) => {
    const s = await atPhotoQuestion(locale);
    const description = await say(h.app, s, { choice: '_skip' });
    const question = last(description);
    expect(question?.expects).toBe('text');

    const reply = await say(h.app, s, photoBody(await photoWithGps('jpeg'), 'image/jpeg'));
    expect(puts).toEqual([]);
    expect(last(reply)?.text).toContain(sentence);
    // The description is asked again, and answering it still works.
    expect(last(reply)?.text).toContain(question?.text ?? '(no question)');
    expect(last(reply)?.expects).toBe('text');
    const after = await say(h.app, s, { text: 'A deep pothole by the school crossing' });
    expect(last(after)?.expects).not.toBe('text');
  });

  it('does not keep a photo sent at the main menu', async () => {
    const s = await createSession(h.app);
    expect(last(s.messages)?.expects).toBe('choice');
    const reply = await say(h.app, s, photoBody(await photoWithGps('png')));
    expect(puts).toEqual([]);
    expect(last(reply)?.text).toContain("I'm not asking for a photo at this point");
  });

  it('answers 503 busy with Retry-After while the decode pool is full, keeps nothing, and takes the photo once there is room', async () => {
    const s = await atPhotoQuestion();
    const pool = photoDecodePool();
    expect(pool).toBe(configurePhotoDecoding(1));
    // Fill every slot and queue place with work that ends when the test says so.
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const fillers = Array.from({ length: 1 + QUEUED_PER_SLOT }, () => pool.run(() => gate));
    const refused = await post(h.app, s, photoBody(await photoWithGps('png')));
    expect(refused.status).toBe(503);
    expect((refused.body as { error: { code: string } }).error.code).toBe('busy');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(puts).toEqual([]);

    open();
    await Promise.all(fillers);
    const accepted = await say(h.app, s, photoBody(await photoWithGps('png')));
    expect(last(accepted)?.expects).toBe('text');
    expect(puts.map((p) => p.contentType)).toEqual(['image/jpeg']);
  });
});
