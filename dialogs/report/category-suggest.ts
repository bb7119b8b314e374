/**
 * Categories suggested from a description ("hay basura en la calle"): the catalogue's text in
 * the conversation's language trains one classifier per catalogue and language, on first use
 * (src/nlu/category-classifier.ts: TF-IDF from natural). Only that language's names,
 * descriptions, keywords and the categories' own questions and answers count: a category with
 * no text in the language is never suggested in it.
 */
import type { Catalog, Category } from '../../src/catalog/types';
import { CategoryClassifier, type CategoryDoc, type CategoryScore } from '../../src/nlu/category-classifier';
import { memoByLocale } from './memo';

/** At most this many categories are offered. */
export const MAX_SUGGESTIONS = 3;
/**
 * The best category must score at least this (natural's idf of a word that one category in
 * eleven uses is 2.7, in five of them 1.6): one telling word, or two common ones.
 */
export const MIN_SCORE = 2;
/** Others are offered beside the best when they score at least this share of its score. */
export const RELATIVE = 0.35;

function docOf(category: Category, locale: string): CategoryDoc {
  const texts: string[] = [];
  const add = (t: string | undefined) => {
    if (t) texts.push(t);
  };
  add(category.name[locale]);
  add(category.description?.[locale]);
  for (const k of category.keywords[locale] ?? []) add(k);
  for (const e of category.examples?.[locale] ?? []) add(e);
  for (const a of category.attributes) {
    add(a.description[locale]);
    for (const v of a.values) add(v.name[locale]);
  }
  return { id: category.id, texts };
}

/** The classifier for a catalogue and language (built once, on first use). */
export const categoryClassifier = memoByLocale(
  (catalog: Catalog, locale: string) => new CategoryClassifier(catalog.categories.map((c) => docOf(c, locale)).filter((d) => d.texts.length > 0), locale),
);

/** The categories ranked for a text, up to three, whatever their scores (for measuring). */
export function rankCategories(catalog: Catalog, text: string, locale: string): CategoryScore[] {
  return categoryClassifier(catalog, locale).rank(text, MAX_SUGGESTIONS);
}

/** The 1-3 categories worth offering for a description, best first; none when nothing fits. */
export function suggestCategories(catalog: Catalog, text: string, locale: string): string[] {
  const ranked = rankCategories(catalog, text, locale);
  const top = ranked[0]?.score ?? 0;
  if (top < MIN_SCORE) return [];
  return ranked.filter((r) => r.score >= top * RELATIVE).map((r) => r.id);
}
