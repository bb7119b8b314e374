import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultCatalogPath, repoRoot, shippedLocales } from '../../src/catalog';

describe('defaultCatalogPath', () => {
  const saved = process.env.WEGOV_CONFIG;
  afterEach(() => {
    if (saved === undefined) delete process.env.WEGOV_CONFIG;
    else process.env.WEGOV_CONFIG = saved;
  });

  it('is the demo city in the repository by default', () => {
    delete process.env.WEGOV_CONFIG;
    const file = defaultCatalogPath();
    expect(file).toBe(path.join(repoRoot(), 'config', 'demo-city.yaml'));
    expect(existsSync(file)).toBe(true);
  });

  it('is WEGOV_CONFIG when set, resolved against the working directory', () => {
    process.env.WEGOV_CONFIG = '/etc/wegov/city.yaml';
    expect(defaultCatalogPath()).toBe('/etc/wegov/city.yaml');
    process.env.WEGOV_CONFIG = 'deploy/city.yaml';
    expect(defaultCatalogPath()).toBe(path.resolve('deploy/city.yaml'));
  });

  it('ignores an empty WEGOV_CONFIG', () => {
    expect(defaultCatalogPath({ WEGOV_CONFIG: ' ' })).toBe(path.join(repoRoot(), 'config', 'demo-city.yaml'));
  });
});

describe('repoRoot', () => {
  it('is the folder with WeGov package.json', () => {
    expect(existsSync(path.join(repoRoot(), 'package.json'))).toBe(true);
    expect(existsSync(path.join(repoRoot(), 'src', 'catalog', 'types.ts'))).toBe(true);
  });
});

describe('shippedLocales', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wegov-locales-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lists the *.json message files, sorted', () => {
    for (const name of ['es.json', 'en.json', 'README.md', 'pt-BR.json']) writeFileSync(path.join(dir, name), '{}');
    expect(shippedLocales(dir)).toEqual(['en', 'es', 'pt-BR']);
  });

  it('is empty for a missing folder', () => {
    expect(shippedLocales(path.join(dir, 'nope'))).toEqual([]);
  });
});
