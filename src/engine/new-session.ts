import { SESSION_SCHEMA, type Session } from './session';

export interface SessionInit {
  id: string;
  channel: string;
  locale: string;
  now: Date;
  channelData?: { [key: string]: string };
}

/** A fresh session with no dialog yet; the first `start` input greets and opens the menu. */
export function newSession(init: SessionInit): Session {
  const at = init.now.toISOString();
  return {
    schema: SESSION_SCHEMA,
    id: init.id,
    channel: init.channel,
    locale: init.locale,
    localeChosen: false,
    stack: [],
    results: [],
    channelData: { ...(init.channelData ?? {}) },
    createdAt: at,
    updatedAt: at,
  };
}
