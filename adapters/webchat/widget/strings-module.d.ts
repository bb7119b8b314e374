/**
 * The virtual module the bundler generates from the `widget` section and `meta.dir` of every
 * locales/*.json (adapters/webchat/widget-bundle.ts), so chrome strings live with all others.
 */
declare module 'wegov:strings' {
  const locales: Record<string, { dir: 'ltr' | 'rtl'; strings: Record<string, string> }>;
  export default locales;
}
