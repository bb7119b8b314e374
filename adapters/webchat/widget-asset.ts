import crypto from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { RequestHandler } from 'express';
import type { Logger } from '../../src/log';
import { buildWidget, WIDGET_SOURCE_DIR } from './widget-bundle';

/** The widget script ready to serve: plain and gzipped, each with its own strong ETag. */
export interface WidgetAsset {
  body: Buffer;
  gzip: Buffer;
  etag: string;
  gzipEtag: string;
  /** `built`: dist/widget.js; `memory`: bundled at start because that file was missing or stale. */
  origin: 'built' | 'memory';
}

/** Browsers and CDNs keep it 5 minutes, then revalidate with the ETag. */
const CACHE_CONTROL = 'public, max-age=300';

/**
 * Loads the widget once per process: `dist/widget.js` when it is at least as new as every
 * widget source and locale file, else an in-memory esbuild bundle of the sources (see
 * widget-bundle.ts). A failed build is not remembered: the next request tries again.
 */
export class WidgetScript {
  private loading: Promise<WidgetAsset> | undefined;

  constructor(private readonly root: string) {}

  load(): Promise<WidgetAsset> {
    this.loading ??= this.read().catch((error: unknown) => {
      this.loading = undefined;
      throw error;
    });
    return this.loading;
  }

  private async read(): Promise<WidgetAsset> {
    const built = path.join(this.root, 'dist', 'widget.js');
    if (existsSync(built) && statSync(built).mtimeMs >= this.newestSourceMs()) return asset(readFileSync(built), 'built');
    return asset((await buildWidget(this.root)).code, 'memory');
  }

  private newestSourceMs(): number {
    const dirs = [path.join(this.root, WIDGET_SOURCE_DIR), path.join(this.root, 'locales')];
    let newest = 0;
    for (const dir of dirs.filter((d) => existsSync(d))) {
      for (const name of readdirSync(dir)) newest = Math.max(newest, statSync(path.join(dir, name)).mtimeMs);
    }
    return newest;
  }
}

const shared = new Map<string, WidgetScript>();

/** The process-wide WidgetScript for a repository root (every app of a process shares one build). */
export function widgetScript(root: string): WidgetScript {
  let script = shared.get(root);
  if (!script) shared.set(root, (script = new WidgetScript(root)));
  return script;
}

function asset(body: Buffer, origin: WidgetAsset['origin']): WidgetAsset {
  const hash = crypto.createHash('sha256').update(body).digest('base64url').slice(0, 22);
  return { body, gzip: gzipSync(body, { level: 9 }), etag: `"${hash}"`, gzipEtag: `"${hash}-gz"`, origin };
}

/**
 * `GET /widget.js`: JavaScript with a strong ETag and a short max-age, gzipped when the
 * client accepts it, loadable from any origin (CORS and CORP), 304 when unchanged.
 */
export function serveWidget(script: WidgetScript, logger: Logger): RequestHandler {
  return async (req, res) => {
    let widget: WidgetAsset;
    try {
      widget = await script.load();
    } catch (error) {
      logger.error({ err: error instanceof Error ? error.message : String(error) }, 'the web chat widget could not be built');
      // A script tag shows no JSON to anyone: answer in the language the tag expects.
      res.status(503).type('text/javascript').set('Retry-After', '30').send('/* WeGov: the web chat widget is not built; run `npm run build` */\n');
      return;
    }
    const gzip = req.acceptsEncodings('gzip', 'identity') === 'gzip';
    res.set({
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': CACHE_CONTROL,
      ETag: gzip ? widget.gzipEtag : widget.etag,
      Vary: 'Accept-Encoding',
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
    });
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    if (gzip) res.set('Content-Encoding', 'gzip');
    res.status(200).end(gzip ? widget.gzip : widget.body);
  };
}
