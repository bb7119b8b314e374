/**
 * Telegram turns carry the sender as a person (`tg-user:<from.id>`), not the chat (issue 11:
 * a consultation counts once per person). Real update shapes from updates.ts.
 */
import { encodeChoice } from '../../../adapters/telegram/callback-data';
import { mapUpdate, type MapContext, type UpdateAction } from '../../../adapters/telegram/map-update';
import { callbackUpdate, locationUpdate, textUpdate } from './updates';
import type { TgUpdate } from '../../../adapters/telegram/update-schema';

const ctx: MapContext = { botUsername: 'RiversideCityBot', photoMaxBytes: 10_000_000, mediaIdOf: (p) => `tg-photo:${p.file_unique_id}` };
const map = (u: unknown): UpdateAction => mapUpdate(u as TgUpdate, ctx);
const ana = { id: 4242, first_name: 'Ana', language_code: 'es' };

describe('Telegram person identity', () => {
  it('a message, a location and a button press each carry tg-user:<from.id>', () => {
    expect(map(textUpdate(ana, 'hola'))).toMatchObject({ kind: 'turn', person: 'tg-user:4242' });
    expect(map(locationUpdate(ana, 30.27, -97.74))).toMatchObject({ kind: 'turn', person: 'tg-user:4242' });
    const press = map(callbackUpdate(ana, encodeChoice('avenue', 1), 7));
    expect(press.kind).toBe('turn');
    expect(press).toMatchObject({ person: 'tg-user:4242' });
  });

  it('the person is the sender, not the chat: one person in two chats is one person', () => {
    const inOneChat = textUpdate(ana, 'hola');
    const inAnother = { ...inOneChat, message: { ...inOneChat.message, chat: { id: 99_001, first_name: 'Ana', type: 'private' as const } } };
    const a = map(inOneChat);
    const b = map(inAnother);
    expect(a).toMatchObject({ chatId: 4242, person: 'tg-user:4242' });
    expect(b).toMatchObject({ chatId: 99_001, person: 'tg-user:4242' });
  });
});
