/**
 * The parts of a Telegram `Update` the adapter reads (https://core.telegram.org/bots/api#update),
 * validated with zod. Objects are loose: Telegram adds fields all the time, and anything not
 * listed here is simply not used. An update of a kind not listed parses with none of the
 * optional sections set and is ignored.
 */
import { z } from 'zod';

const user = z.looseObject({
  id: z.number().int(),
  is_bot: z.boolean().optional(),
  username: z.string().optional(),
  language_code: z.string().max(35).optional(),
});

export const CHAT_TYPES = ['private', 'group', 'supergroup', 'channel'] as const;

const chat = z.looseObject({
  id: z.number().int(),
  type: z.enum(CHAT_TYPES),
});

const photoSize = z.looseObject({
  file_id: z.string().min(1).max(512),
  file_unique_id: z.string().max(512).optional(),
  width: z.number().int().optional(),
  height: z.number().int().optional(),
  file_size: z.number().int().nonnegative().optional(),
});

const entity = z.looseObject({ type: z.string(), offset: z.number().int(), length: z.number().int() });

const replied = z.looseObject({ message_id: z.number().int(), from: user.optional() });

export const messageSchema = z.looseObject({
  message_id: z.number().int(),
  from: user.optional(),
  chat,
  text: z.string().optional(),
  entities: z.array(entity).optional(),
  caption: z.string().optional(),
  location: z.looseObject({ latitude: z.number(), longitude: z.number() }).optional(),
  photo: z.array(photoSize).optional(),
  reply_to_message: replied.optional(),
});

const callbackQuery = z.looseObject({
  id: z.string().min(1).max(256),
  from: user,
  data: z.string().max(64).optional(),
  /** Absent for inline-mode messages and for messages older than 48 hours' worth of limits. */
  message: z.looseObject({ message_id: z.number().int(), chat }).optional(),
});

const chatMember = z.looseObject({
  chat,
  from: user,
  new_chat_member: z.looseObject({ status: z.string() }),
});

export const updateSchema = z.looseObject({
  update_id: z.number().int().nonnegative(),
  message: messageSchema.optional(),
  edited_message: messageSchema.optional(),
  callback_query: callbackQuery.optional(),
  my_chat_member: chatMember.optional(),
});

export type TgUpdate = z.infer<typeof updateSchema>;
export type TgMessage = z.infer<typeof messageSchema>;
export type TgCallbackQuery = z.infer<typeof callbackQuery>;
export type TgPhotoSize = z.infer<typeof photoSize>;
