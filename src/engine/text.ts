/**
 * Text the engine wants shown. The engine never renders strings itself: it names a
 * message key in `locales/` with arguments, or passes through a literal that is already
 * in the person's language (catalog names, the person's own answers).
 */
export type TextArg = string | number | Text;
export type Text = { key: string; args?: Record<string, TextArg> } | { literal: string };

export const t = (key: string, args?: Record<string, TextArg>): Text => (args ? { key, args } : { key });
export const lit = (literal: string): Text => ({ literal });
