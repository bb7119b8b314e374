/**
 * The widget's options, read from its own `<script>` tag:
 *
 * ```html
 * <script src="https://wegov.example/widget.js" async
 *   data-server="https://wegov.example"  (default: the script's own origin)
 *   data-locale="es"                     (default: the browser's languages)
 *   data-start="report"                  (a flow to start new conversations in)
 *   data-title="City of Riverside"       (panel heading)
 *   data-accent="#0b4f8a"                (brand colour; text on it: data-accent-text)
 *   data-position="left"                 (launcher corner: left or right; default: the end side)
 *   data-photo-max-mb="5"                (largest photo accepted before sending)
 *   data-open="true"></script>           (open the panel on load)
 * ```
 */
export interface WidgetOptions {
  /** Origin (and optional path prefix) of the WeGov server, without a trailing slash. */
  server: string;
  locale?: string;
  start?: string;
  title?: string;
  accent?: string;
  accentText?: string;
  /** Launcher corner: `end` (bottom right, mirrored for right-to-left), or a fixed side. */
  position: 'end' | 'left' | 'right';
  photoMaxBytes: number;
  open: boolean;
}

const DEFAULT_PHOTO_MAX_MB = 5;

/** Reads the options of `script` (the widget's tag); `fallbackOrigin` when it has no src. */
export function readOptions(script: HTMLScriptElement | null, fallbackOrigin: string): WidgetOptions {
  const data = script?.dataset ?? {};
  const scriptOrigin = script?.src ? new URL(script.src, fallbackOrigin).origin : fallbackOrigin;
  const server = (data.server?.trim() || scriptOrigin).replace(/(?<!\/)\/+$/, '');
  const mb = Number(data.photoMaxMb);
  return {
    server,
    ...(nonEmpty(data.locale) ? { locale: data.locale.trim() } : {}),
    ...(nonEmpty(data.start) ? { start: data.start.trim() } : {}),
    ...(nonEmpty(data.title) ? { title: data.title.trim() } : {}),
    ...(isColour(data.accent) ? { accent: data.accent.trim() } : {}),
    ...(isColour(data.accentText) ? { accentText: data.accentText.trim() } : {}),
    position: data.position === 'left' || data.position === 'right' ? data.position : 'end',
    photoMaxBytes: Math.round((Number.isFinite(mb) && mb > 0 ? mb : DEFAULT_PHOTO_MAX_MB) * 1024 * 1024),
    open: data.open === 'true',
  };
}

function nonEmpty(v: string | undefined): v is string {
  return v !== undefined && v.trim() !== '';
}

function isColour(v: string | undefined): v is string {
  return nonEmpty(v) && typeof CSS !== 'undefined' && CSS.supports('color', v.trim());
}
