/**
 * Builds the web chat widget (adapters/webchat/widget/*.ts) into ONE self-contained script
 * with esbuild: bundled, minified, an IIFE for ES2019 browsers, no runtime dependencies. The
 * widget's chrome strings are the `widget` section of every locales/*.json, inlined through the
 * virtual module `wegov:strings`, so adding a locale file adds it to the widget.
 *
 * How the build reaches every path (one rule, no manual step):
 * - `npm run build` (and so `npm start`, via prestart, and `npm run bench`) writes
 *   `dist/widget.js` with build-widget.ts.
 * - The server serves `dist/widget.js` when it is at least as new as every widget source and
 *   locale file; otherwise (a clean clone under `npm test`, or sources edited since the last
 *   build) it builds the same bundle in memory once, at start (widget-asset.ts).
 * esbuild is a dev dependency, loaded only when a build is needed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'esbuild';
import { readLocaleFiles } from '../../src/i18n';

/** The bundled script and the files it was made from. */
export interface WidgetBundle {
  code: Buffer;
  /** Source and locale files the bundle depends on (for freshness checks). */
  inputs: string[];
}

/** Where the widget's sources live, relative to the repository root. */
export const WIDGET_SOURCE_DIR = path.join('adapters', 'webchat', 'widget');

/** A locale that has a `widget` section: its chrome strings, direction and own name. */
export interface WidgetLocale {
  code: string;
  /** The language's name in itself (`meta.name`), e.g. "Español". */
  name: string;
  dir: 'ltr' | 'rtl';
  strings: Record<string, string>;
}

/** Every locale file's `widget` section, with `meta.name` and `meta.dir`. */
export function widgetLocales(localesDir: string): WidgetLocale[] {
  const out: WidgetLocale[] = [];
  for (const [code, file] of Object.entries(readLocaleFiles(localesDir))) {
    const section = file.widget;
    if (typeof section !== 'object' || section === null) continue;
    const strings = Object.fromEntries(Object.entries(section).filter((e): e is [string, string] => typeof e[1] === 'string'));
    const meta = (file.meta ?? {}) as { dir?: unknown; name?: unknown };
    out.push({ code, name: typeof meta.name === 'string' ? meta.name : code, dir: meta.dir === 'rtl' ? 'rtl' : 'ltr', strings });
  }
  return out;
}

function stringsPlugin(localesDir: string): Plugin {
  return {
    name: 'wegov-strings',
    setup(build) {
      build.onResolve({ filter: /^wegov:strings$/ }, () => ({ path: 'strings', namespace: 'wegov' }));
      build.onLoad({ filter: /.*/, namespace: 'wegov' }, () => {
        const locales = Object.fromEntries(widgetLocales(localesDir).map((l) => [l.code, { dir: l.dir, strings: l.strings }]));
        return { contents: JSON.stringify(locales), loader: 'json' };
      });
    },
  };
}

/** Bundles the widget from `root` (the repository). Throws when esbuild is missing or the source is broken. */
export async function buildWidget(root: string): Promise<WidgetBundle> {
  const esbuild = await import('esbuild');
  const localesDir = path.join(root, 'locales');
  const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? '0';
  const result = await esbuild.build({
    entryPoints: [path.join(root, WIDGET_SOURCE_DIR, 'main.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2019'],
    platform: 'browser',
    charset: 'utf8',
    legalComments: 'none',
    banner: { js: `/*! WeGov web chat widget ${version} | AGPL-3.0-or-later */` },
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [stringsPlugin(localesDir)],
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no output for the widget');
  const inputs = Object.keys(result.metafile.inputs)
    .filter((p) => !p.startsWith('wegov:'))
    .map((p) => path.resolve(root, p));
  return { code: Buffer.from(output.contents), inputs };
}
