/**
 * The layer rules (.dependency-cruiser.cjs, run on the real tree by `npm run lint:deps` in
 * `npm test`) catch what they claim to: a throwaway tree with one forbidden import per rule is
 * cruised with the repository's config through the dependency-cruiser CLI, exactly as
 * `lint:deps` runs it; the run fails and names each rule with the offending import, and the
 * imports the rules allow (a composition root wiring an adapter, an adapter using the core)
 * are not reported. One CLI run, on fixed files: deterministic.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

/** file -> the relative imports it makes (each target file is created too). */
const TREE: Record<string, string[]> = {
  // engine-is-pure
  'src/engine/step.ts': ['../runtime/turn', '../log'],
  // core-free-of-channels (the outbox), and the composition root that may
  'src/outbox/routing.ts': ['../../adapters/slack/sink'],
  'src/server/compose.ts': ['../../adapters/slack/sink', '../../dialogs/report/flow'],
  'src/compose/outbox-root.ts': ['../../adapters/telegram/media'],
  'src/server/app.ts': ['../../dialogs/report/flow'],
  // adapters-stand-alone; an adapter may use the core
  'adapters/slack/render.ts': ['../telegram/split-text', '../../src/log'],
  // dialogs-free-of-channels
  'dialogs/report/flow.ts': ['../../adapters/webchat/router'],
  // widget-is-browser-code and server-never-imports-widget
  'adapters/webchat/widget/chat.ts': ['./dom', '../../../src/log'],
  'adapters/webchat/router.ts': ['./widget/dom'],
  // no-circular
  'src/cases/a.ts': ['./b'],
  'src/cases/b.ts': ['./a'],
};

function writeTree(root: string): void {
  const files = new Set(Object.keys(TREE));
  for (const [file, imports] of Object.entries(TREE)) {
    for (const spec of imports) files.add(path.posix.join(path.posix.dirname(file), `${spec}.ts`));
  }
  for (const file of files) {
    const abs = path.join(root, file);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    const imports = (TREE[file] ?? []).map((spec, i) => `import * as m${i} from '${spec}';\nexport const use${i} = m${i};\n`);
    fs.writeFileSync(abs, `${imports.join('')}export const name = '${file}';\n`);
  }
  fs.writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'commonjs', strict: true } }));
}

let dir: string;
let run: { status: number | null; out: string };

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wegov-layers-'));
  writeTree(dir);
  const r = spawnSync(process.execPath, [CLI, 'src', 'dialogs', 'adapters', '--config', path.join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'err'], {
    cwd: dir,
    encoding: 'utf8',
  });
  run = { status: r.status, out: `${r.stdout}${r.stderr}` };
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The `error <rule>: <from> → <to>` lines of the err reporter. */
const violations = (): string[] =>
  run.out
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('error '))
    .map((l) => l.replace(/\s+/g, ' '));

describe('layer rules (.dependency-cruiser.cjs)', () => {
  it('fails the run', () => {
    expect(run.status).not.toBe(0);
  });

  it.each([
    ['engine-is-pure', 'src/engine/step.ts → src/runtime/turn.ts'],
    ['core-free-of-channels', 'src/outbox/routing.ts → adapters/slack/sink.ts'],
    ['core-free-of-channels', 'src/server/app.ts → dialogs/report/flow.ts'],
    ['adapters-stand-alone', 'adapters/slack/render.ts → adapters/telegram/split-text.ts'],
    ['dialogs-free-of-channels', 'dialogs/report/flow.ts → adapters/webchat/router.ts'],
    ['widget-is-browser-code', 'adapters/webchat/widget/chat.ts → src/log.ts'],
    ['server-never-imports-widget', 'adapters/webchat/router.ts → adapters/webchat/widget/dom.ts'],
  ])('names %s for %s', (rule, edge) => {
    expect(violations()).toContain(`error ${rule}: ${edge}`);
  });

  it('names no-circular for an import cycle', () => {
    expect(violations().some((v) => v.startsWith('error no-circular: src/cases/'))).toBe(true);
  });

  it('allows the composition roots to wire adapters and modules, and adapters to use the core', () => {
    const reported = violations().join('\n');
    expect(reported).not.toContain('src/server/compose.ts');
    expect(reported).not.toContain('src/compose/outbox-root.ts');
    expect(reported).not.toContain('src/engine/step.ts → src/log.ts');
    expect(reported).not.toContain('adapters/slack/render.ts → src/log.ts');
    expect(reported).not.toContain('adapters/webchat/widget/chat.ts → adapters/webchat/widget/dom.ts');
  });

  it('reports exactly the forbidden imports', () => {
    // The 7 named above and the cycle (reported once).
    expect(violations()).toHaveLength(8);
  });
});
