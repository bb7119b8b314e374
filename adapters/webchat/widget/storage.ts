import type { Credentials } from './types';

/**
 * What the page keeps so a reload or another tab continues the same conversation: the
 * credentials and the last message seen (for the unread badge) in localStorage, keyed by
 * the server; whether the panel was open in sessionStorage (this tab only).
 * Storage may be blocked (privacy settings, sandboxed iframes): then nothing is kept and the
 * widget still works for this page view.
 */
export interface Saved extends Credentials {
  /** Id of the last message shown while the panel was open. */
  seen?: string;
}

const key = (server: string): string => `wegov:webchat:${server}`;

/** The saved conversation for `server`, if any. */
export function loadSaved(server: string): Saved | null {
  const raw = read(() => localStorage.getItem(key(server)));
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Partial<Saved>;
    if (typeof v.sessionId !== 'string' || typeof v.token !== 'string') return null;
    return { sessionId: v.sessionId, token: v.token, ...(typeof v.seen === 'string' ? { seen: v.seen } : {}) };
  } catch {
    return null; // not ours or corrupted: start afresh
  }
}

/** Saves (or with `null` forgets) the conversation for `server`. */
export function save(server: string, saved: Saved | null): void {
  write(() => (saved ? localStorage.setItem(key(server), JSON.stringify(saved)) : localStorage.removeItem(key(server))));
}

/**
 * This browser's participant id for `server` (created on first use): the person across
 * conversations, so a consultation counts once per person (issue 11). Kept apart from the
 * conversation, which "forget" drops; random, so it says nothing about the person. Storage
 * blocked: a fresh id per page view (the server then counts once per session).
 */
export function participantId(server: string): string {
  const stored = read(() => localStorage.getItem(`${key(server)}:participant`));
  if (stored && /^[A-Za-z0-9_-]{16,64}$/.test(stored)) return stored;
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const id = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=/g, ''); // '=' is only ever padding
  write(() => localStorage.setItem(`${key(server)}:participant`, id));
  return id;
}

/** Whether the panel was open in this tab before a reload. */
export function wasOpen(server: string): boolean {
  return read(() => sessionStorage.getItem(`${key(server)}:open`)) === '1';
}

/** Remembers in this tab whether the panel is open. */
export function rememberOpen(server: string, open: boolean): void {
  write(() => (open ? sessionStorage.setItem(`${key(server)}:open`, '1') : sessionStorage.removeItem(`${key(server)}:open`)));
}

function read(get: () => string | null): string | null {
  try {
    return get();
  } catch {
    return null; // storage blocked: behave as if nothing was saved
  }
}

function write(set: () => void): void {
  try {
    set();
  } catch {
    // storage blocked or full: the conversation just won't survive a reload
  }
}
