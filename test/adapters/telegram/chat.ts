/**
 * One person's private chat with the bot, for end-to-end tests through the real adapter: send
 * an update, see what arrived (deliver()), press an inline button of the latest keyboard by its
 * choice id, type, share a location; read the latest message's text and keyboard labels the way
 * the person sees them.
 */
import { buttons, dataFor, deliver, type Seen, type TelegramHarness } from './support';
import { callbackUpdate, commandUpdate, locationUpdate, textUpdate, type Person } from './updates';

export class TelegramChat {
  /** The latest message with an inline keyboard (or the latest message) of the last update. */
  last: Seen | undefined;

  constructor(
    private readonly h: TelegramHarness,
    readonly person: Person,
  ) {}

  /** Posts an update; returns the messages the chat received for it, in order. */
  async send(update: unknown): Promise<Seen[]> {
    const { seen } = await deliver(this.h, update);
    this.last = [...seen].reverse().find((m) => m.reply_markup?.inline_keyboard) ?? seen[seen.length - 1] ?? this.last;
    return seen;
  }

  command(text: string): Promise<Seen[]> {
    return this.send(commandUpdate(this.person, text));
  }

  say(text: string): Promise<Seen[]> {
    return this.send(textUpdate(this.person, text));
  }

  location(lat: number, lon: number): Promise<Seen[]> {
    return this.send(locationUpdate(this.person, lat, lon));
  }

  /** Presses the inline button of choice `id` on the latest keyboard. */
  press(id: string): Promise<Seen[]> {
    return this.send(callbackUpdate(this.person, dataFor(this.last, id), this.last!.messageId));
  }

  /** The choice ids of the latest inline keyboard. */
  ids(): string[] {
    return buttons(this.last).map((b) => b.data.slice(b.data.indexOf(':') + 1));
  }
}

/** The inline keyboard's labels of a message, row by row. */
export function inlineLabels(m: Seen | undefined): string[][] {
  return (m?.reply_markup?.inline_keyboard ?? []).map((row) => row.map((b) => b.text));
}

/** The reply keyboard of a message (a location question's), row by row. */
export function replyKeyboard(m: Seen | undefined): { text: string; request_location?: boolean }[][] {
  return m?.reply_markup?.keyboard ?? [];
}

/** From `/start volunteer` to the confirmation of `shiftId` (any time, outdoors), answering the demo opportunity's questions. */
export async function signUpByButtons(chat: TelegramChat, shiftId: string): Promise<Seen[]> {
  await chat.command('/start volunteer');
  await chat.press('any');
  await chat.press('outdoors');
  while (!chat.ids().includes(shiftId)) await chat.press('_more');
  await chat.press(shiftId);
  await chat.press('sign_up');
  await chat.press('yes'); // I can lift 10 kg
  await chat.press('yes'); // the minimum age
  await chat.press('yes'); // the statement before the glove size
  await chat.press('medium');
  return chat.press('yes');
}
