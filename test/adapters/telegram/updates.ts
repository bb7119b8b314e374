/** Real Telegram Update shapes (Bot API 7.x), as Telegram posts them. */
let nextUpdateId = 500_000;
let nextMessageId = 1;

export const newUpdateId = (): number => nextUpdateId++;

export interface Person {
  id: number;
  first_name: string;
  language_code?: string;
}

export const privateChat = (p: Person) => ({ id: p.id, first_name: p.first_name, type: 'private' as const });

function message(p: Person, extra: Record<string, unknown>, chat: Record<string, unknown> = privateChat(p)) {
  return {
    message_id: nextMessageId++,
    from: { id: p.id, is_bot: false, first_name: p.first_name, ...(p.language_code ? { language_code: p.language_code } : {}) },
    chat,
    date: 1_700_000_000,
    ...extra,
  };
}

export const textUpdate = (p: Person, text: string, updateId = newUpdateId()) => ({ update_id: updateId, message: message(p, { text }) });

export const commandUpdate = (p: Person, text: string, updateId = newUpdateId()) => ({
  update_id: updateId,
  message: message(p, { text, entities: [{ offset: 0, length: text.split(' ')[0]!.length, type: 'bot_command' }] }),
});

export const locationUpdate = (p: Person, lat: number, lon: number) => ({
  update_id: newUpdateId(),
  message: message(p, { location: { latitude: lat, longitude: lon } }),
});

export const photoUpdate = (p: Person, fileId: string) => ({
  update_id: newUpdateId(),
  message: message(p, {
    photo: [
      { file_id: `${fileId}-s`, file_unique_id: `${fileId}-us`, file_size: 1200, width: 90, height: 67 },
      { file_id: `${fileId}-m`, file_unique_id: `${fileId}-um`, file_size: 9000, width: 320, height: 240 },
      { file_id: fileId, file_unique_id: `${fileId}-u`, file_size: 14, width: 1280, height: 960 },
    ],
  }),
});

export const stickerUpdate = (p: Person) => ({
  update_id: newUpdateId(),
  message: message(p, { sticker: { file_id: 'CAACAgIAAx', file_unique_id: 'AgAD', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false } }),
});

export const editedUpdate = (p: Person, text: string) => ({
  update_id: newUpdateId(),
  edited_message: { ...message(p, { text }), edit_date: 1_700_000_100 },
});

export const callbackUpdate = (p: Person, data: string, messageId: number, updateId = newUpdateId()) => ({
  update_id: updateId,
  callback_query: {
    id: `cbq-${updateId}`,
    from: { id: p.id, is_bot: false, first_name: p.first_name, ...(p.language_code ? { language_code: p.language_code } : {}) },
    message: { message_id: messageId, from: { id: 123456789, is_bot: true, first_name: 'Riverside', username: 'RiversideCityBot' }, chat: privateChat(p), date: 1_700_000_000, text: 'question' },
    chat_instance: '-42',
    data,
  },
});

export const myChatMemberUpdate = (p: Person, status: 'kicked' | 'member') => ({
  update_id: newUpdateId(),
  my_chat_member: {
    chat: privateChat(p),
    from: { id: p.id, is_bot: false, first_name: p.first_name },
    date: 1_700_000_000,
    old_chat_member: { user: { id: 123456789, is_bot: true, first_name: 'Riverside' }, status: status === 'kicked' ? 'member' : 'kicked' },
    new_chat_member: { user: { id: 123456789, is_bot: true, first_name: 'Riverside' }, status, ...(status === 'kicked' ? { until_date: 0 } : {}) },
  },
});

export const groupChat = { id: -1001234567890, title: 'Riverside neighbours', type: 'supergroup' as const };

export const groupText = (p: Person, text: string, extra: Record<string, unknown> = {}) => ({
  update_id: newUpdateId(),
  message: message(p, { text, ...extra }, groupChat),
});
