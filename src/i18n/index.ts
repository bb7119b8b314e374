/**
 * Message rendering from locales/*.json with i18next (26.x: the last major that runs on
 * Node 20). i18next brings real CLDR plural rules through Intl.PluralRules (`key_one`,
 * `key_many`, `key_other`), interpolation and fallback to the default locale; we add the
 * engine's `Text` values (message keys with arguments, possibly nested) on top.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import i18next, { type i18n as I18next } from 'i18next';
import { repoRoot } from '../catalog/paths';
import type { Env } from '../engine/env';
import type { Control, Expects, OutDocument, OutMessage } from '../engine/message';
import type { Text, TextArg } from '../engine/text';

export interface RenderedMessage {
  text: string;
  choices?: { id: string; label: string }[];
  expects: Expects;
  multiple?: boolean;
  control?: Control;
  document?: OutDocument;
}

export interface I18n {
  /** Shipped locales, default first. */
  locales: string[];
  defaultLocale: string;
  /** The `vocabulary` section of each locale: command words, yes/no, skip, ... */
  commandWords: Env['commandWords'];
  renderText(text: Text[], locale: string): string;
  renderMessage(message: OutMessage, locale: string): RenderedMessage;
  isRtl(locale: string): boolean;
  /** Keys asked for that no locale has (a bug: tests assert this stays empty). */
  missingKeys(): string[];
}

/** The locales directory of the repository (works from src/ and from dist/src/). */
export function localesDir(): string {
  return path.join(repoRoot(), 'locales');
}

type Resource = { [key: string]: unknown };

/** Rendered texts kept (oldest dropped first); a few MB at most. */
const RENDER_CACHE_MAX = 5_000;

/** Reads every locales/<locale>.json; `defaultLocale` is listed first. */
export function readLocaleFiles(dir: string = localesDir()): Record<string, Resource> {
  const out: Record<string, Resource> = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    out[file.slice(0, -'.json'.length)] = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Resource;
  }
  return out;
}

function vocabularyOf(resource: Resource): Record<string, string[]> {
  const vocabulary = resource.vocabulary;
  if (typeof vocabulary !== 'object' || vocabulary === null) return {};
  const out: Record<string, string[]> = {};
  for (const [entry, words] of Object.entries(vocabulary)) {
    if (Array.isArray(words)) out[entry] = words.filter((w): w is string => typeof w === 'string');
  }
  return out;
}

/** The participation modules' own texts, by locale (ParticipationModule.locales). */
export function moduleLocales(modules: readonly { id: string; locales?: Readonly<Record<string, Readonly<Record<string, unknown>>>> }[]): Record<string, Resource> {
  const out: Record<string, Resource> = {};
  for (const m of modules) {
    for (const [locale, texts] of Object.entries(m.locales ?? {})) out[locale] = deepMerge(out[locale] ?? {}, texts as Resource, `module ${m.id}`);
  }
  return out;
}

/** Merges `extra` into `base` (new objects); a key both define as text is a conflict. */
function deepMerge(base: Resource, extra: Resource, who: string, path = ''): Resource {
  const out: Resource = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const here = out[key];
    const isObject = (v: unknown): v is Resource => typeof v === 'object' && v !== null && !Array.isArray(v);
    if (isObject(here) && isObject(value)) out[key] = deepMerge(here, value, who, `${path}${key}.`);
    else if (here !== undefined) throw new Error(`${who}: locale key '${path}${key}' is already defined`);
    else out[key] = value;
  }
  return out;
}

/** Loads the shipped locales (plus the modules' own texts) and returns the renderer. */
export async function loadI18n(dir: string = localesDir(), defaultLocale = 'en', extra: Record<string, Resource> = {}): Promise<I18n> {
  const shipped = readLocaleFiles(dir);
  const files = Object.fromEntries(Object.entries(shipped).map(([l, r]) => [l, extra[l] ? deepMerge(r, extra[l], 'participation modules') : r]));
  const locales = [defaultLocale, ...Object.keys(files).filter((l) => l !== defaultLocale)].filter((l) => l in files);
  const missing = new Set<string>();
  const instance: I18next = i18next.createInstance();
  await instance.init({
    resources: Object.fromEntries(Object.entries(files).map(([l, r]) => [l, { translation: r }])),
    lng: defaultLocale,
    fallbackLng: defaultLocale,
    supportedLngs: locales,
    interpolation: { escapeValue: false },
    returnNull: false,
    saveMissing: true,
    missingKeyHandler: (_lngs, _ns, key) => missing.add(key),
  });

  // The same questions are rendered for every conversation: remember the last results.
  const rendered = new Map<string, string>();
  const translate = (key: string, locale: string, args: Record<string, string | number> | undefined): string => {
    // Most texts (labels, questions) have no arguments: their key needs no serialising.
    const cacheKey = args === undefined ? `${locale}\u0000${key}` : `${locale}\u0000${key}\u0000${JSON.stringify(args)}`;
    let text = rendered.get(cacheKey);
    if (text === undefined) {
      text = instance.t(key, { lng: locale, ...args });
      if (rendered.size >= RENDER_CACHE_MAX) rendered.delete(rendered.keys().next().value ?? '');
      rendered.set(cacheKey, text);
    }
    return text;
  };
  const renderOne = (text: Text, locale: string): string => {
    if ('literal' in text) return text.literal;
    if (text.args === undefined) return translate(text.key, locale, undefined);
    const args: Record<string, string | number> = {};
    for (const [name, value] of Object.entries(text.args) as [string, TextArg][]) {
      args[name] = typeof value === 'object' ? renderOne(value, locale) : value;
    }
    return translate(text.key, locale, args);
  };
  const renderText = (text: Text[], locale: string): string => text.map((p) => renderOne(p, locale)).join('\n');

  return {
    locales,
    defaultLocale,
    commandWords: Object.fromEntries(Object.entries(files).map(([l, r]) => [l, vocabularyOf(r)])),
    renderText,
    renderMessage: (message, locale) => ({
      text: renderText(message.text, locale),
      ...(message.choices ? { choices: message.choices.map((c) => ({ id: c.id, label: renderOne(c.label, locale) })) } : {}),
      expects: message.expects,
      ...(message.multiple ? { multiple: true } : {}),
      ...(message.control ? { control: message.control } : {}),
      ...(message.document ? { document: { ...message.document } } : {}),
    }),
    isRtl: (locale) => instance.dir(locale) === 'rtl',
    missingKeys: () => [...missing].sort(),
  };
}
