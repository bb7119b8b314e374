import fs from 'node:fs';
import path from 'node:path';
import {
  createSession,
  eventually,
  fileReport,
  history,
  referenceIn,
  RIVERSIDE_PIN,
  startHarness,
  submissionLines,
  type Harness,
  type StoreKind,
} from '../../server/harness';
import { carriesMetadata, NO_METADATA, photoWithGps } from '../../support/photos';

// A whole report, photo decoding included: on a loaded CI machine it once took over 20 s.
jest.setTimeout(60_000);
describe.each<StoreKind>(['memory', 'redis'])('a complete report over the web chat API (%s)', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(async () => {
    await h.close();
  });

  it('ends in the submissions file with every answer, the photo copied beside it', async () => {
    const s = await createSession(h.app);
    expect(s.sessionId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(s.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(s.messages.length).toBeGreaterThan(0);

    const messages = await fileReport(h.app, s, {
      ...RIVERSIDE_PIN,
      description: 'Deep pothole by the school crossing',
      contact: { name: 'Ana Lopez', email: 'ana.lopez@example.com' },
      photo: await photoWithGps('jpeg'),
    });
    const reference = referenceIn(messages);

    const [line] = await eventually(() => {
      const lines = submissionLines(h.submissionsFile);
      return lines.length > 0 ? lines : undefined;
    });
    expect(line?.payload).toMatchObject({
      reference,
      conversationId: s.sessionId,
      channel: 'webchat',
      categoryId: 'pothole',
      serviceCode: '001',
      attributes: { size: 'small' },
      location: RIVERSIDE_PIN,
      description: 'Deep pothole by the school crossing',
      contact: { name: 'Ana Lopez', email: 'ana.lopez@example.com', consentToContact: true, consentToShare: true },
      media: [{ contentType: 'image/jpeg', bytes: expect.any(Number) }],
    });
    expect(line?.id).toBe(line?.payload.id);
    const photoFile = line?.files[0]?.file;
    expect(photoFile).toMatch(/^media\/[A-Za-z0-9_-]+\.jpg$/);
    // The photo was re-encoded without its EXIF GPS, camera make and XMP before it was stored.
    const copied = fs.readFileSync(path.join(h.dir, String(photoFile)));
    expect(await carriesMetadata(copied)).toEqual(NO_METADATA);
    expect((line?.payload.media as { bytes: number }[] | undefined)?.[0]?.bytes).toBe(copied.length);

    // Delivered means acknowledged: nothing stays pending for this conversation.
    const pending = await h.wiring.stores.sessions.pendingSubmissions();
    expect(pending.filter((p) => p.conversationId === s.sessionId)).toEqual([]);

    // The history (for a reload) holds both sides of the conversation, in order.
    const transcript = await history(h.app, s);
    expect(transcript.filter((m) => m.from === 'bot').map((m) => m.id)).toEqual(messages.map((m) => m.id));
    expect(transcript.some((m) => m.from === 'user' && m.text.includes('Deep pothole'))).toBe(true);
    const ids = transcript.map((m) => m.id);
    expect([...ids].sort()).toEqual(ids);
  });

  it('greets in the language asked for (body locale, then Accept-Language)', async () => {
    const es = await createSession(h.app, { locale: 'es' });
    const accept = await createSession(h.app, {}, { 'Accept-Language': 'es-MX,es;q=0.9,en;q=0.5' });
    const fr = await createSession(h.app, {}, { 'Accept-Language': 'fr-CA,fr;q=0.9,en;q=0.5' });
    const en = await createSession(h.app, {}, { 'Accept-Language': 'de' });
    expect(es.messages[0]?.lang).toBe('es');
    expect(accept.messages[0]?.lang).toBe('es');
    expect(fr.messages[0]?.lang).toBe('fr');
    expect(fr.messages[0]?.text).toMatch(/^Bonjour\u00a0! Je suis l'assistant de Riverside\./);
    expect(en.messages[0]?.lang).toBe('en');
    expect(es.messages[0]?.text).not.toBe(en.messages[0]?.text);
  });

  it('a start payload jumps straight into a flow', async () => {
    const plain = await createSession(h.app);
    const deep = await createSession(h.app, { start: 'report:pothole' });
    const ask = (m: typeof plain.messages) => m.filter((x) => x.expects !== 'none').map((x) => x.choices?.map((c) => c.id));
    expect(ask(deep.messages)).not.toEqual(ask(plain.messages));
    expect(ask(deep.messages)[0]).toEqual(expect.arrayContaining(['small', 'medium', 'large']));
  });
});
