/**
 * The shell of the public consultation pages (/consultations and /consultations/:id): `lang` and
 * `dir` from the reader's language, a language switch (plain links, so it works without
 * JavaScript and in print previews), the page's own stylesheet inline (helmet's default policy
 * allows inline styles, `style-src 'self' https: 'unsafe-inline'`; no script at all) and a print
 * stylesheet: no navigation, charts kept, tables not split across pages.
 */
import { html, raw, type Html } from './html';

export interface Language {
  code: string;
  /** The language's own name ("Español"). */
  name: string;
  rtl: boolean;
}

export interface PageShell {
  lang: Language;
  languages: readonly Language[];
  title: string;
  /** The path the language links point at (each adds `?lang=`). */
  path: string;
  /** The language switch's label ("Language"). */
  languageLabel: string;
  /** The link back to the index (absent on the index itself). */
  back?: { href: string; text: string };
  main: Html;
  footer?: Html;
}

const STYLE = `
:root { color-scheme: light; --ink: #1b1b1b; --muted: #4a4a4a; --accent: #0b4f8a; --bar: #2a6fb0; --line: #c8c8c8; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", sans-serif; color: var(--ink); background: #fff; }
header, main, footer { max-width: 60rem; margin: 0 auto; padding: 1rem 1.25rem; }
header { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: baseline; justify-content: space-between; border-bottom: 1px solid var(--line); }
nav ul { list-style: none; display: flex; gap: 1rem; margin: 0; padding: 0; }
a { color: var(--accent); }
a:focus-visible { outline: 3px solid #f2b705; outline-offset: 2px; }
[aria-current="true"] { font-weight: 700; text-decoration: none; color: var(--ink); }
h1 { font-size: 1.75rem; line-height: 1.25; margin: .5rem 0 1rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 .5rem; }
h3 { font-size: 1.1rem; margin: 1.25rem 0 .5rem; }
.meta, .note { color: var(--muted); }
.figure { margin: 1rem 0 1.5rem; }
.chart { display: block; max-width: 100%; height: auto; margin: .5rem 0; }
.chart-label { font-size: 13px; fill: var(--ink); unicode-bidi: plaintext; }
.chart-value { font-size: 13px; fill: var(--ink); unicode-bidi: plaintext; }
.chart-hidden { font-style: italic; fill: var(--muted); }
.chart-bar { fill: var(--bar); }
table { border-collapse: collapse; margin: .5rem 0 1rem; min-width: 18rem; }
caption { text-align: start; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid var(--line); padding: .3rem .6rem; text-align: start; vertical-align: top; }
td.num { text-align: end; font-variant-numeric: tabular-nums; }
td.hidden { font-style: italic; color: var(--muted); }
ul.consultations { list-style: none; padding: 0; }
ul.consultations > li { border: 1px solid var(--line); border-radius: 6px; padding: .75rem 1rem; margin: .75rem 0; }
.actions { display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; margin: .25rem 0 0; padding: 0; list-style: none; }
blockquote { margin: .25rem 0; padding-inline-start: .75rem; border-inline-start: 3px solid var(--line); }
@media print {
  header nav, .actions, .no-print { display: none !important; }
  body { font-size: 11pt; }
  a { color: inherit; text-decoration: none; }
  .figure, table, li { break-inside: avoid; }
  .chart-bar { fill: #555; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
`;

/** The whole page. */
export function pageHtml(p: PageShell): string {
  const links = p.languages.map(
    (l) =>
      html`<li><a href="${`${p.path}?lang=${l.code}`}" lang="${l.code}" dir="${l.rtl ? 'rtl' : 'ltr'}" hreflang="${l.code}"${l.code === p.lang.code ? raw(' aria-current="true"') : ''}>${l.name}</a></li>`,
  );
  return html`<!doctype html>
<html lang="${p.lang.code}" dir="${p.lang.rtl ? 'rtl' : 'ltr'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${p.title}</title>
<style>${raw(STYLE)}</style>
</head>
<body>
<header>
${p.back ? html`<p class="no-print"><a href="${p.back.href}">${p.back.text}</a></p>` : ''}
<nav aria-label="${p.languageLabel}"><ul>${links}</ul></nav>
</header>
<main>
${p.main}
</main>
${p.footer ? html`<footer>${p.footer}</footer>` : ''}
</body>
</html>
`.value;
}
