import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../src/catalog';
import { checkConfig } from '../../src/cli/check-config';

const demo = path.join(repoRoot(), 'config', 'demo-city.yaml');
const shipped = { shippedLocales: ['en', 'es', 'ar', 'fr'] };

describe('checkConfig', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wegov-check-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('summarizes a valid file', () => {
    const result = checkConfig(demo, shipped);
    expect(result).toEqual({ ok: true, summary: expect.stringContaining(`${demo}: OK`) });
    if (result.ok) {
      expect(result.summary).toContain('Riverside (riverside.example), America/Chicago, locales en, es, ar, fr (default en)');
      expect(result.summary).toContain('2 agencies, 4 groups, 11 categories (2 emergency)');
    }
  });

  it('lists the problems of an invalid file', () => {
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(file, 'jurisdiction: {}\nagencies: []\ncategories: []\nextras: 1\n');
    const result = checkConfig(file, shipped);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toContain(`${file}: jurisdiction.timezone: required`);
      expect(result.message).toContain(`${file}: agencies: needs at least 1 item`);
      expect(result.message).toContain(`${file}: extras: unknown key 'extras'`);
    }
  });

  it('reports a missing file as a problem, not a crash', () => {
    const result = checkConfig(path.join(dir, 'missing.yaml'), shipped);
    expect(result).toEqual({ ok: false, message: expect.stringContaining('missing.yaml: (file): cannot read the file: not found (ENOENT)') });
  });
});
