/**
 * The README's configuration table and src/config.ts's ENV_VARS describe the same variables.
 */
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../src/catalog';
import { ENV_VARS } from '../../src/config';

const readme = path.join(repoRoot(), 'README.md');

describe('README configuration table', () => {
  it('lists every variable WeGov reads, and no others', () => {
    const text = fs.readFileSync(readme, 'utf8');
    const rows = text.split('\n').filter((l) => /^\|\s*`[A-Z][A-Z0-9_]+`\s*\|/.test(l));
    const documented = rows.map((l) => /`([A-Z][A-Z0-9_]+)`/.exec(l)?.[1]);
    expect([...documented].sort()).toEqual(ENV_VARS.map((v) => v.name).sort());
    for (const v of ENV_VARS) {
      const row = rows.find((l) => l.includes(`\`${v.name}\``)) ?? '';
      expect({ name: v.name, hasDefault: row.includes(v.default) }).toEqual({ name: v.name, hasDefault: true });
    }
  });
});
