/**
 * Reads the held-out fixture (eval/nlu/<locale>.jsonl; eval/nlu/README.md): for measuring only,
 * never for training. Each line is validated with zod; `check.mjs` checks the rest.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { repoRoot } from '../../src/catalog/paths';

const lineSchema = z.object({ text: z.string().min(1), intent: z.string().min(1), category: z.string().optional() });
export type FixtureLine = z.infer<typeof lineSchema>;

export function fixtureDir(): string {
  return path.join(repoRoot(), 'eval', 'nlu');
}

/** The fixture's languages (one .jsonl file each), sorted. */
export function fixtureLocales(dir: string = fixtureDir()): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .map((f) => f.slice(0, -'.jsonl'.length))
    .sort();
}

export function readFixture(locale: string, dir: string = fixtureDir()): FixtureLine[] {
  return readFileSync(path.join(dir, `${locale}.jsonl`), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      const parsed = lineSchema.safeParse(JSON.parse(l));
      if (!parsed.success) throw new Error(`eval/nlu/${locale}.jsonl:${i + 1}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      return parsed.data;
    });
}
