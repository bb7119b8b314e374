/**
 * Trained softmax models (softmax.ts) kept, so a process trains each one once and later
 * processes not at all. Every start trained the menu's intent classifier for each language
 * (about 1 s of CPU) and the category rankings on their first use; every test file that
 * composes the app paid it again. Loading a stored model takes a few milliseconds.
 *
 * Two levels:
 * - in memory (lru-cache, already a dependency): apps composed in one process share a model;
 * - on disk: one JSON file per model in a cache directory (WEGOV_MODEL_CACHE_DIR, default
 *   `node_modules/.cache/wegov` in the package, where build tools keep their caches; `off`
 *   turns it off). Written atomically (a temporary file renamed into place), so a reader never
 *   sees half a file, and concurrent writers of one model write the same bytes.
 *
 * The key is a SHA-256 of everything training reads: the examples, either as the features
 * training sees (names and weights, in order, and labels: `softmax`) or as the inputs the
 * features are made from (`softmaxFrom`: the intent classifier's texts, intents, locale and
 * reference prefix, so a stored model spares computing the features too); the code that turns
 * them into a model (every source file of src/nlu, where features and training live, the seeded
 * shuffle and natural's version: any change is a new key); the Node version (Math.exp) and the
 * byte order. A stored file is used
 * only when it parses, names this key, has consistent sizes and matches its own digest: a
 * corrupt, truncated or foreign file is ignored and the model trained afresh (and stored again).
 * A loaded model answers exactly as a freshly trained one (the weights are stored as their IEEE
 * 754 bytes; test/nlu/model-cache.test.ts checks the eval fixture). A cache that fails (a
 * read-only disk) is a miss, never an error: the model is trained and used, and `onError` hears
 * why. The directory may be deleted at any time; each version of the training code or data adds
 * a few hundred KB to it.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { repoRoot } from '../catalog/paths';
import { softmaxModel, trainSoftmaxParams, type SoftmaxExample, type SoftmaxModel, type SoftmaxParams } from './softmax';

const FORMAT = 'wegov-softmax/1';
/** Models kept in memory per cache (a process holds about eight: four languages, two kinds). */
const MEMORY_MAX = 32;

export interface ModelCacheOptions {
  /** Where models are stored; null: memory only. */
  dir: string | null;
  /** Told when a stored model is unusable or cannot be stored (the model is trained and used anyway). */
  onError?: (error: Error, file: string) => void;
}

/** `node_modules/.cache/wegov` in the package (the default of WEGOV_MODEL_CACHE_DIR). */
export function defaultModelCacheDir(): string {
  return path.join(repoRoot(), 'node_modules', '.cache', 'wegov');
}

const fileSchema = z.object({
  format: z.literal(FORMAT),
  key: z.string(),
  labels: z.array(z.string()),
  features: z.array(z.string()),
  weights: z.string(),
  bias: z.string(),
  digest: z.string(),
});

let codeHash: string | null | undefined;

/**
 * The code that makes a model from its inputs: every source file beside this one (src/nlu, or
 * dist/src/nlu when built), the seeded shuffle and natural's version (its stemmers make the
 * features); with the Node version and byte order. Null when the sources cannot be read.
 */
function codeFingerprint(): string | null {
  if (codeHash === undefined) {
    const hash = createHash('sha256').update(FORMAT).update(process.version).update(os.endianness());
    try {
      const ext = path.extname(__filename);
      const own = fs
        .readdirSync(__dirname)
        .filter((name) => name.endsWith(ext) && !name.endsWith(`.d${ext}`))
        .sort();
      for (const name of own) hash.update(name).update(fs.readFileSync(path.join(__dirname, name)));
      hash.update(fs.readFileSync(require.resolve('../engine/seeded-random')));
      hash.update(fs.readFileSync(require.resolve('natural/package.json')));
      codeHash = hash.digest('hex');
    } catch (error) {
      // Sources not beside the code (a bundle): without them no key is safe across versions, so
      // models are kept in memory only.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      codeHash = null;
    }
  }
  return codeHash;
}

/** The examples as training reads them, hashed (numbers as their shortest exact text). */
function examplesHash(examples: readonly SoftmaxExample[]): string {
  const hash = createHash('sha256');
  for (const e of examples) hash.update(JSON.stringify([e.label, e.features.map((f) => [f.name, f.weight])])).update('\n');
  return hash.digest('hex');
}

function bytesOf(array: Float64Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

function floatsOf(base64: string): Float64Array | null {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length % 8 !== 0) return null;
  const out = new Float64Array(bytes.length / 8);
  bytesOf(out).set(bytes);
  return out.every(Number.isFinite) ? out : null;
}

function digestOf(key: string, labels: readonly string[], features: readonly string[], weights: Float64Array, bias: Float64Array): string {
  return createHash('sha256').update(key).update(JSON.stringify([labels, features])).update(bytesOf(weights)).update(bytesOf(bias)).digest('hex');
}

/** The stored model's parameters, or why they are unusable (null: no file). */
function readParams(file: string, key: string): SoftmaxParams | Error | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    return error as Error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return error as Error;
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) return new Error(`not a ${FORMAT} file: ${parsed.error.issues[0]?.message ?? ''}`);
  const f = parsed.data;
  if (f.key !== key) return new Error('a model for other examples');
  const weights = floatsOf(f.weights);
  const bias = floatsOf(f.bias);
  if (!weights || !bias || bias.length !== f.labels.length || weights.length !== f.features.length * f.labels.length) return new Error('sizes do not match');
  if (digestOf(key, f.labels, f.features, weights, bias) !== f.digest) return new Error('digest does not match (corrupt)');
  return { labels: f.labels, features: f.features, weights, bias };
}

function writeParams(file: string, key: string, params: SoftmaxParams): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const { labels, features, weights, bias } = params;
  const body = JSON.stringify({
    format: FORMAT,
    key,
    labels,
    features,
    weights: bytesOf(weights).toString('base64'),
    bias: bytesOf(bias).toString('base64'),
    digest: digestOf(key, labels, features, weights, bias),
  });
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(temporary, body);
    fs.renameSync(temporary, file);
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

/** Softmax models by their training examples: from memory, from the directory, or trained. */
export class ModelCache {
  private readonly memory = new LRUCache<string, SoftmaxModel>({ max: MEMORY_MAX });
  /** Where this cache's models came from, so far. */
  readonly counts = { trained: 0, loaded: 0, remembered: 0 };

  constructor(private options: ModelCacheOptions) {}

  get dir(): string | null {
    return this.options.dir;
  }

  /** Who hears about unusable or unwritable files from now on. */
  listen(onError: ModelCacheOptions['onError']): void {
    this.options = { dir: this.options.dir, ...(onError ? { onError } : {}) };
  }

  /** The model `trainSoftmax(examples)` would give, trained only when no stored copy is usable. */
  softmax(examples: readonly SoftmaxExample[]): SoftmaxModel {
    return this.model(`examples:${examplesHash(examples)}`, () => examples);
  }

  /**
   * The model `trainSoftmax(build())` would give, found by `inputs` (JSON: everything `build`
   * reads besides src/nlu's code), so `build` runs only when the model is trained.
   */
  softmaxFrom(inputs: unknown, build: () => readonly SoftmaxExample[]): SoftmaxModel {
    return this.model(`inputs:${createHash('sha256').update(JSON.stringify(inputs)).digest('hex')}`, build);
  }

  private model(what: string, build: () => readonly SoftmaxExample[]): SoftmaxModel {
    const code = codeFingerprint();
    const key = createHash('sha256')
      .update(code ?? 'memory-only')
      .update(what)
      .digest('hex');
    const remembered = this.memory.get(key);
    if (remembered) {
      this.counts.remembered++;
      return remembered;
    }
    const file = this.options.dir !== null && code !== null ? path.join(this.options.dir, `softmax-${key}.json`) : null;
    let params: SoftmaxParams | null = null;
    if (file !== null) {
      const stored = readParams(file, key);
      if (stored instanceof Error) this.options.onError?.(stored, file);
      else if (stored !== null) {
        params = stored;
        this.counts.loaded++;
      }
    }
    if (params === null) {
      params = trainSoftmaxParams(build());
      this.counts.trained++;
      if (file !== null) {
        try {
          writeParams(file, key, params);
        } catch (error) {
          this.options.onError?.(error as Error, file);
        }
      }
    }
    const model = softmaxModel(params);
    this.memory.set(key, model);
    return model;
  }
}

let shared = new ModelCache({ dir: defaultModelCacheDir() });

/** The process's cache (the classifiers train through it). */
export function modelCache(): ModelCache {
  return shared;
}

/**
 * Sets the process's cache (the composition root, from WEGOV_MODEL_CACHE_DIR). The same
 * directory again keeps the models in memory (apps composed in one process share them).
 */
export function configureModelCache(options: ModelCacheOptions): void {
  if (options.dir === shared.dir) shared.listen(options.onError);
  else shared = new ModelCache(options);
}
