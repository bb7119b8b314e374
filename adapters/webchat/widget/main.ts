/**
 * WeGov web chat widget: `<script src="https://wegov.example/widget.js" async></script>`.
 * Options come from the tag's data attributes (see options.ts); theming from CSS custom
 * properties (see styles.ts); `data-wegov-open` on any page element makes it open the chat. Bundled into one self-contained file by
 * adapters/webchat/widget-bundle.ts.
 */
import { Chat } from './chat';
import { readOptions } from './options';

/** The page-facing API: `window.WeGovChat.open()` from a "chat with us" link. */
export interface WeGovChatApi {
  open(): void;
  close(): void;
}

declare global {
  interface Window {
    WeGovChat?: WeGovChatApi;
  }
}

// Only while this script first runs does currentScript name its tag.
const script = (document.currentScript as HTMLScriptElement | null) ?? document.querySelector<HTMLScriptElement>('script[src*="widget.js"]');

function boot(): void {
  if (window.WeGovChat) return; // embedded twice: one widget
  const chat = new Chat(readOptions(script, location.origin));
  window.WeGovChat = { open: () => chat.open(), close: () => chat.close() };
  // Any element of the page marked `data-wegov-open` opens the chat, no script needed.
  document.addEventListener('click', (e) => {
    if (e.target instanceof Element && e.target.closest('[data-wegov-open]')) chat.open();
  });
}

if (document.body) boot();
else document.addEventListener('DOMContentLoaded', boot, { once: true });
