/**
 * "My data" on Telegram: `/mydata` (and the typed words) answer in the person's language with
 * a link that opens the file; neither the link nor the file carries the Telegram id (the
 * conversation id is `tg:<chat id>`, the person's own Telegram id in a private chat).
 */
import request from 'supertest';
import { deliver, startTelegram, type TelegramHarness } from '../adapters/telegram/support';
import { commandUpdate, textUpdate } from '../adapters/telegram/updates';

const LINK = /https?:\/\/[^/\s]+(\/my-data\/[A-Za-z0-9_-]{22}\?exp=\d+&sig=[A-Za-z0-9_-]{43})/;

describe('my data over Telegram (redis)', () => {
  let h: TelegramHarness;
  beforeAll(async () => {
    h = await startTelegram('redis');
  });
  afterAll(async () => {
    await h.close();
  });

  it('sends the link for /mydata, in Spanish for a Spanish Telegram, and the file opens without the Telegram id', async () => {
    const person = { id: 7_000_000_000 + Math.floor(Math.random() * 1_000_000), first_name: 'Lucía', language_code: 'es' };
    await deliver(h, commandUpdate(person, '/start'));
    const { seen } = await deliver(h, commandUpdate(person, '/mydata'));
    const text = seen.map((m) => m.text).join('\n');
    expect(text).toMatch(/Aquí tienes todo lo que WeGov guarda sobre esta conversación/);
    const path = LINK.exec(text)?.[1];
    if (path === undefined) throw new Error(`no link in: ${text}`);
    expect(text).not.toContain(String(person.id));

    const res = await request(h.app).get(path);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="wegov-my-data.json"');
    const file = res.body as { conversation: { channel: string; language: string }; transcript: { text: string }[] };
    expect(file.conversation).toMatchObject({ channel: 'telegram', language: 'es' });
    expect(file.transcript.map((m) => m.text).join('\n')).toContain('Aquí tienes');
    expect(res.text).not.toContain(String(person.id));
  });

  it('takes the typed words too ("my data" in English)', async () => {
    const person = { id: 7_100_000_000 + Math.floor(Math.random() * 1_000_000), first_name: 'Sam', language_code: 'en' };
    await deliver(h, commandUpdate(person, '/start'));
    const { seen } = await deliver(h, textUpdate(person, 'my data'));
    const text = seen.map((m) => m.text).join('\n');
    expect(text).toMatch(/Here is everything WeGov holds about this conversation/);
    const path = LINK.exec(text)?.[1] ?? '';
    expect(path).toMatch(/^\/my-data\//);
    const file = await request(h.app).get(path);
    expect(file.status).toBe(200);
    expect(file.body).toMatchObject({ format: 'wegov.my-data', conversation: { channel: 'telegram', language: 'en' } });
  });
});
