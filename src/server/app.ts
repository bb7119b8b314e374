import express, { type Express, type RequestHandler, type Router } from 'express';
import type { TrustProxy } from '../config';
import type { RuntimeDeps } from '../runtime/deps';
import { createAdminRouter } from './admin';
import { mediaRoute } from './media-route';
import { createAgencyStatusRouter } from './agency-status';
import { sendError } from './api-error';
import { apiErrorHandler } from './error-handler';
import { metricsRoute } from './metrics-server';
import { requestLog } from './request-log';
import { securityHeaders } from './security-headers';

/**
 * The web chat channel's HTTP parts (adapters/webchat), built by the composition root
 * (src/server/compose.ts): the app serves them and imports no channel.
 */
export interface WebchatRoutes {
  /** The web chat API, at /webchat. */
  router: Router;
  /** The demo council page with the widget, at /. */
  demoPage: RequestHandler;
  /** The widget script, at /widget.js. */
  widget: RequestHandler;
}

/** Everything the HTTP app needs. */
export interface AppDeps {
  runtime: RuntimeDeps;
  webchat: WebchatRoutes;
  /** Unset: the admin API answers 404. */
  adminToken?: string;
  /** Signed photo links (GET /media/:id); unset: no media route. */
  mediaUrls?: { secret: string; now?: () => Date };
  /** GET /my-data/:id, the "my data" file (src/privacy/data-export-route.ts); unset: no route. */
  myData?: RequestHandler<{ id: string }>;
  /** Shared secret for signed agency status pushes (POST /agency/status); unset: 404. */
  agencyPushSecret?: string;
  trustProxy?: TrustProxy;
  /** Which store backs the runtime, reported by /readyz. */
  storeKind?: string;
  /** The README, served at /README.md for the home page's link. */
  readmeFile?: string;
  /** Channel routers mounted before the 404 (e.g. `/telegram` for the Telegram webhook). */
  mounts?: readonly { path: string; router: Router }[];
  /** False when /metrics has its own listener (WEGOV_METRICS_PORT, metrics-server.ts). Default true. */
  publicMetrics?: boolean;
  /** The participation modules' routes (src/modules/services.ts): public at the root, admin under /admin. */
  modules?: { public: readonly Router[]; admin: readonly Router[] };
}

/** The express app: helmet, the demo page and widget script, the web chat API, health, readiness, metrics and the admin API. */
export function createApp(deps: AppDeps): Express {
  const { runtime } = deps;
  const app = express();
  // API answers are per-request JSON: hashing every body for an ETag costs CPU and saves nothing.
  app.set('etag', false);
  // helmet removes the header anyway; not setting it saves a set and a remove per response.
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? false);
  if (deps.trustProxy === true) {
    runtime.logger.warn(
      'WEGOV_TRUST_PROXY=true believes any X-Forwarded-For, so any client can pose as any IP and escape per-IP limits; set the number of proxies in front (e.g. 1) or their subnets instead',
    );
  }
  // helmet's headers, computed by helmet once (security-headers.ts), on every response.
  app.use(securityHeaders({ crossOriginResourcePolicy: { policy: 'cross-origin' } }));
  app.use(requestLog(runtime.logger));
  // The web chat API first: its requests are most of the traffic, and every route ahead of it
  // is one more path match for each of them.
  app.use('/webchat', deps.webchat.router);

  // The demo council page with the web chat widget, and the widget script itself.
  app.get('/', deps.webchat.demoPage);
  app.get('/widget.js', deps.webchat.widget);
  app.get('/README.md', (_req, res, next) => {
    if (deps.readmeFile === undefined) return next();
    res.type('text/markdown; charset=utf-8').sendFile(deps.readmeFile, (err) => {
      if (err) next();
    });
  });
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    await runtime.store.ping();
    res.json({ status: 'ready', store: deps.storeKind ?? 'unknown' });
  });
  if (deps.publicMetrics !== false) app.get('/metrics', metricsRoute(runtime.metrics.registry));

  if (deps.mediaUrls !== undefined) app.get('/media/:id', mediaRoute({ media: runtime.media, ...deps.mediaUrls }));
  if (deps.myData !== undefined) app.get('/my-data/:id', deps.myData);
  if (deps.adminToken !== undefined) app.use('/admin', createAdminRouter(runtime, deps.adminToken, deps.modules?.admin ?? []));
  if (deps.agencyPushSecret !== undefined) app.use('/agency', createAgencyStatusRouter(runtime, deps.agencyPushSecret));
  for (const mount of deps.mounts ?? []) app.use(mount.path, mount.router);
  for (const router of deps.modules?.public ?? []) app.use(router);

  app.use((req, res) => sendError(res, 404, 'not_found', `no such endpoint: ${req.method} ${req.path}`));
  app.use(apiErrorHandler(runtime.logger));
  return app;
}
