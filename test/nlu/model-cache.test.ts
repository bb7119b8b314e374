/**
 * The trained-model cache (src/nlu/model-cache.ts): a stored model answers exactly as a freshly
 * trained one, and a stored file that is corrupt, truncated, foreign or unwritable never crashes
 * anything: the model is trained again (and stored again).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { participationModules } from '../../dialogs';
import { intentTraining } from '../../dialogs/menu/classifier';
import { fixtureLocales, readFixture } from '../../eval/nlu/fixture';
import { CategoryClassifier } from '../../src/nlu/category-classifier';
import { trainIntentClassifier } from '../../src/nlu/intent-classifier';
import { ModelCache } from '../../src/nlu/model-cache';
import { trainSoftmax, type SoftmaxExample } from '../../src/nlu/softmax';
import { demo } from '../support/engine-env';

const intents = participationModules().flatMap((m) => m.intents ?? []);
let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wegov-model-cache-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const files = () => fs.readdirSync(dir).sort();

/** A small model's examples, and one other model's (for a foreign file). */
const EXAMPLES: SoftmaxExample[] = [
  { features: [{ name: 'w:hello', weight: 1 }, { name: 'c:hel', weight: 0.2 }], label: 'greeting' },
  { features: [{ name: 'w:thank', weight: 1 }], label: 'thanks' },
  { features: [{ name: 'w:hole', weight: 1 }, { name: 'w:road', weight: 1 }], label: 'report' },
];
const OTHER: SoftmaxExample[] = [...EXAMPLES, { features: [{ name: 'w:tree', weight: 1 }], label: 'report' }];
const QUERIES = [[{ name: 'w:hello', weight: 1 }], [{ name: 'w:road', weight: 2 }, { name: 'c:hel', weight: 1 }], [{ name: 'w:nothing', weight: 1 }]];
const answers = (model: ReturnType<typeof trainSoftmax>) => QUERIES.map((q) => model.probabilities(q));

it('a stored intent model classifies the eval fixture exactly as a freshly trained one, in every language', async () => {
  const { catalog } = await demo();
  const prefix = catalog.jurisdiction.referencePrefix;
  const locales = fixtureLocales();
  expect(locales.length).toBeGreaterThanOrEqual(4);
  const writer = new ModelCache({ dir });
  const fresh = new Map(locales.map((locale) => [locale, trainIntentClassifier(locale, intentTraining(intents, catalog, locale), prefix, writer)]));
  expect(writer.counts).toEqual({ trained: locales.length, loaded: 0, remembered: 0 });
  expect(files()).toHaveLength(locales.length);

  // Another process: a new cache on the same directory loads every model, training none.
  const reader = new ModelCache({ dir });
  for (const locale of locales) {
    const stored = trainIntentClassifier(locale, intentTraining(intents, catalog, locale), prefix, reader);
    const lines = readFixture(locale);
    expect(lines.length).toBeGreaterThan(100);
    // Every line's whole ranking, probabilities to the last bit.
    const trained = fresh.get(locale)!;
    for (const line of lines) expect([locale, line.text, stored.classify(line.text)]).toEqual([locale, line.text, trained.classify(line.text)]);
  }
  expect(reader.counts).toEqual({ trained: 0, loaded: locales.length, remembered: 0 });
});

it("a stored category model ranks the fixture's descriptions exactly as a freshly trained one", async () => {
  const { catalog } = await demo();
  const docs = catalog.categories.map((c) => ({ id: c.id, texts: [c.name.en ?? '', c.description?.en ?? '', ...(c.keywords.en ?? [])].filter((t) => t !== '') }));
  const writer = new ModelCache({ dir });
  const fresh = new CategoryClassifier(docs, 'en', writer);
  const reader = new ModelCache({ dir });
  const stored = new CategoryClassifier(docs, 'en', reader);
  expect([writer.counts.trained, reader.counts.loaded, reader.counts.trained]).toEqual([1, 1, 0]);
  for (const line of readFixture('en')) expect([line.text, stored.rank(line.text, 20)]).toEqual([line.text, fresh.rank(line.text, 20)]);
});

it('keeps a model in memory: a second request for the same examples is the same model', () => {
  const cache = new ModelCache({ dir: null });
  const a = cache.softmax(EXAMPLES);
  expect(cache.softmax(EXAMPLES.map((e) => ({ ...e })))).toBe(a);
  expect(cache.counts).toEqual({ trained: 1, loaded: 0, remembered: 1 });
  expect(cache.softmax(OTHER)).not.toBe(a);
});

it('found by its inputs, a stored model is loaded without building its examples; other inputs are another model', () => {
  const inputs = { kind: 'test', texts: ['hello', 'thanks', 'a hole in the road'] };
  const build = jest.fn(() => EXAMPLES);
  const first = new ModelCache({ dir });
  expect(answers(first.softmaxFrom(inputs, build))).toEqual(answers(trainSoftmax(EXAMPLES)));
  expect(build).toHaveBeenCalledTimes(1);
  const reader = new ModelCache({ dir });
  expect(answers(reader.softmaxFrom({ ...inputs }, build))).toEqual(answers(trainSoftmax(EXAMPLES)));
  expect(build).toHaveBeenCalledTimes(1);
  expect(reader.counts).toEqual({ trained: 0, loaded: 1, remembered: 0 });
  const other = jest.fn(() => OTHER);
  expect(answers(reader.softmaxFrom({ ...inputs, texts: [...inputs.texts, 'a tree'] }, other))).toEqual(answers(trainSoftmax(OTHER)));
  expect(other).toHaveBeenCalledTimes(1);
  expect(files()).toHaveLength(2);
});

it('writes each model once, whole, under its key, leaving no temporary file', () => {
  new ModelCache({ dir }).softmax(EXAMPLES);
  expect(files()).toEqual([expect.stringMatching(/^softmax-[0-9a-f]{64}\.json$/)]);
  const stored = JSON.parse(fs.readFileSync(path.join(dir, files()[0]!), 'utf8')) as { format: string; labels: string[] };
  expect(stored.format).toBe('wegov-softmax/1');
  expect(stored.labels).toEqual(['greeting', 'report', 'thanks']);
  const reader = new ModelCache({ dir });
  expect(answers(reader.softmax(EXAMPLES))).toEqual(answers(trainSoftmax(EXAMPLES)));
  expect(reader.counts.loaded).toBe(1);
});

describe('a stored file that cannot be trusted is ignored, the model trained again and stored again', () => {
  const fresh = () => answers(trainSoftmax(EXAMPLES));

  function expectRetrained(damage: (file: string) => void, why: RegExp): void {
    new ModelCache({ dir }).softmax(EXAMPLES);
    const file = path.join(dir, files()[0]!);
    damage(file);
    const errors: string[] = [];
    const cache = new ModelCache({ dir, onError: (error, where) => errors.push(`${path.basename(where)}: ${error.message}`) });
    expect(answers(cache.softmax(EXAMPLES))).toEqual(fresh());
    expect(cache.counts).toEqual({ trained: 1, loaded: 0, remembered: 0 });
    expect(errors).toEqual([expect.stringMatching(why)]);
    // Stored again, whole: the next process loads it.
    const next = new ModelCache({ dir, onError: (error) => errors.push(error.message) });
    expect(answers(next.softmax(EXAMPLES))).toEqual(fresh());
    expect(next.counts.loaded).toBe(1);
    expect(errors).toHaveLength(1);
  }

  it('truncated', () => {
    expectRetrained((file) => fs.writeFileSync(file, fs.readFileSync(file, 'utf8').slice(0, 100)), /JSON/);
  });

  it('not JSON at all', () => {
    expectRetrained((file) => fs.writeFileSync(file, Buffer.from([0xff, 0xfe, 0x00, 0x01])), /JSON/);
  });

  it('JSON of another shape', () => {
    expectRetrained((file) => fs.writeFileSync(file, JSON.stringify({ hello: 'world' })), /not a wegov-softmax\/1 file/);
  });

  it('a weight changed (the digest no longer matches)', () => {
    expectRetrained((file) => {
      const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { weights: string };
      const bytes = Buffer.from(json.weights, 'base64');
      bytes[3] = (bytes[3] ?? 0) ^ 0x01;
      fs.writeFileSync(file, JSON.stringify({ ...json, weights: bytes.toString('base64') }));
    }, /digest/);
  });

  it('weights of the wrong size', () => {
    expectRetrained((file) => {
      const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { weights: string };
      fs.writeFileSync(file, JSON.stringify({ ...json, weights: Buffer.from(json.weights, 'base64').subarray(8).toString('base64') }));
    }, /sizes/);
  });

  it("another model's file under this model's name", () => {
    expectRetrained((file) => {
      const other = new ModelCache({ dir: path.join(dir, 'other') });
      other.softmax(OTHER);
      const [name] = fs.readdirSync(path.join(dir, 'other'));
      fs.copyFileSync(path.join(dir, 'other', name!), file);
      fs.rmSync(path.join(dir, 'other'), { recursive: true });
    }, /other examples/);
  });
});

it('a directory that cannot be written costs the training, never the answer', () => {
  const blocked = path.join(dir, 'a-file');
  fs.writeFileSync(blocked, 'not a directory');
  const errors: string[] = [];
  const cache = new ModelCache({ dir: path.join(blocked, 'models'), onError: (error) => errors.push((error as NodeJS.ErrnoException).code ?? error.message) });
  expect(answers(cache.softmax(EXAMPLES))).toEqual(answers(trainSoftmax(EXAMPLES)));
  expect(cache.counts.trained).toBe(1);
  expect(errors).toEqual(['ENOTDIR']);
});

it('stores nothing when turned off (WEGOV_MODEL_CACHE_DIR=off)', () => {
  const cache = new ModelCache({ dir: null });
  cache.softmax(EXAMPLES);
  expect(files()).toEqual([]);
});
