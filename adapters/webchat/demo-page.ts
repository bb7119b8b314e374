import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RequestHandler } from 'express';
import { widgetLocales } from './widget-bundle';

/**
 * `GET /`: a demo council website ("City of Riverside") with the widget embedded by one script
 * tag, so `npm start` shows the real thing. `?lang=es` embeds it with `data-locale="es"`;
 * `?start=consultation:<id>` (a deep link, e.g. from /consultations) with `data-start` and the
 * panel open.
 * Its Content-Security-Policy is strict and made for this page: scripts and connections to this
 * server only, its own inline stylesheet by hash; the widget styles itself through a constructed
 * stylesheet, which the policy does not need to allow.
 */
export function demoPage(root: string): RequestHandler {
  const template = readFileSync(path.join(root, 'adapters', 'webchat', 'static', 'demo.html'), 'utf8');
  const style = /<style>([^<]*)<\/style>/.exec(template)?.[1] ?? '';
  const styleHash = crypto.createHash('sha256').update(style).digest('base64');
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' 'sha256-${styleHash}'`,
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
  const languages = widgetLocales(path.join(root, 'locales'));

  return (req, res) => {
    const asked = typeof req.query.lang === 'string' ? req.query.lang : undefined;
    const current = languages.find((l) => l.code === asked);
    const start = typeof req.query.start === 'string' && START.test(req.query.start) ? req.query.start : undefined;
    const links = languages
      .map((l) => {
        const here = current ? l.code === current.code : false;
        return `<a href="/?lang=${l.code}" lang="${l.code}" dir="${l.dir}"${here ? ' aria-current="true"' : ''}>${escapeHtml(l.name)}</a>`;
      })
      .join(' · ');
    const html = template
      .replace('{{LANGUAGE_LINKS}}', links)
      .replace('{{WIDGET_ATTRIBUTES}}', `${current ? ` data-locale="${current.code}"` : ''}${start ? ` data-start="${escapeHtml(start)}" data-open="true"` : ''}`);
    res.set({ 'Content-Security-Policy': csp, 'Cache-Control': 'no-cache' });
    res.type('html').send(html);
  };
}

/** A flow to start in: `report`, `report:<category>`, `consultation:<id>`, a category id. */
const START = /^[a-z][a-z0-9_-]{0,39}(?::[a-z0-9][a-z0-9_-]{0,39})?$/;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
