/**
 * The category classifier (src/nlu/category-classifier.ts) on the demo city: it ranks from the
 * conversation's language only, reads typos, and a hostile message is bounded. (Accuracy is
 * measured by `npm run eval:nlu` on the held-out fixture, never here.)
 */
import path from 'node:path';
import { loadCatalog } from '../../src/catalog/load';
import { rankCategories, suggestCategories } from '../../dialogs/report/category-suggest';
import { categoryTable, evaluateCategories } from '../../eval/nlu/category';

const catalog = loadCatalog(path.join(__dirname, '../../config/demo-city.yaml'));
const top = (text: string, locale: string) => rankCategories(catalog, text, locale)[0]?.id;

it('ranks a description by the catalogue text of its language', () => {
  expect(top('the light outside my house has been out for a week', 'en')).toBe('streetlight');
  expect(top('hay un hoyo enorme en la calle', 'es')).toBe('pothole');
  expect(suggestCategories(catalog, 'hay basura en la calle', 'es').slice(0, 2).sort()).toEqual(['illegal-dumping', 'missed-collection']);
});

it('matches in the conversation language only: "hola" is no hole, "bache" is not English', () => {
  expect(suggestCategories(catalog, 'hola', 'es')).toEqual([]);
  expect(suggestCategories(catalog, 'bache', 'en')).toEqual([]);
  expect(suggestCategories(catalog, 'bache', 'es')[0]).toBe('pothole');
});

it('reads typos in words it knows', () => {
  expect(top('grafitti on the wall', 'en')).toBe('graffiti');
  expect(top('a deep pothle in my road', 'en')).toBe('pothole');
});

it('offers nothing for chat that names no problem', () => {
  for (const text of ['hello', 'thanks!', 'Report a problem', 'I want to volunteer']) expect(suggestCategories(catalog, text, 'en')).toEqual([]);
});

it('reads a bounded head of a hostile message', () => {
  const hostile = `${'streetlight '.repeat(5_000)}${'x'.repeat(20_000)}`;
  expect(top(hostile, 'en')).toBe('streetlight');
});

it('the eval:nlu category section runs on the fixture (figures only; no threshold tuned here)', () => {
  const [en] = evaluateCategories(catalog, ['en'], path.join(__dirname, '../../eval/nlu'));
  expect(en?.lines).toBeGreaterThan(100);
  expect(en?.top3).toBeGreaterThanOrEqual(en?.top1 ?? 1);
  expect(categoryTable(en ? [en] : [])).toContain('| en |');
});
