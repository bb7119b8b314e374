/**
 * Telegram photos are remembered (and later fetched and decoded) only when the open question
 * asks for one. Through the real app in webhook mode, its Bot API on nock; the media store is
 * the run's real one.
 */
import { telegramMediaId } from '../../adapters/telegram/media';
import { deliver, startTelegram, type TelegramHarness } from '../adapters/telegram/support';
import { commandUpdate, photoUpdate } from '../adapters/telegram/updates';

describe.each(['memory', 'redis'] as const)('a Telegram photo nobody asked for (%s store)', (kind) => {
  let h: TelegramHarness;
  beforeAll(async () => {
    h = await startTelegram(kind);
  });
  afterAll(async () => {
    await h.close();
  });

  it.each([
    ['en-US', "I'm not asking for a photo at this point, so I didn't keep that one."],
    ['es', 'Ahora no te estoy pidiendo una foto, así que no he guardado esa.'],
  ])('is not kept or fetched at the main menu, and the person is told so (%s)', async (language, sentence) => {
    const person = { id: 6_000_000 + Math.floor(Math.random() * 1_000_000), first_name: 'Rosa', language_code: language };
    await deliver(h, commandUpdate(person, '/start'));
    const fileId = `AgACAgQAAxkBAAIC${person.id}`;
    const { seen } = await deliver(h, photoUpdate(person, fileId));

    expect(seen.map((m) => m.text).join('\n')).toContain(sentence);
    const mediaId = telegramMediaId({ file_id: fileId, file_unique_id: `${fileId}-u`, file_size: 14, width: 1280, height: 960 });
    expect(await h.wiring.stores.media.get(mediaId)).toBeNull();
    expect(h.api.of('getFile')).toEqual([]);
    expect(h.api.downloads).toEqual([]);
  });
});
