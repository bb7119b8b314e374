import { h } from './dom';

/** An http(s) URL up to the next space or quote; matched in linear time (no nested repetition). */
const URL_RUN = /\bhttps?:\/\/[^\s<>"']+/g;
/** Sentence punctuation that ends a URL written at the end of a sentence. */
const TRAILING = '.,;:!?)]';

/**
 * A bot message's text with its http(s) URLs as links (a "my data" file, an agency's page),
 * everything else as text nodes. Only bot messages get links: what people type never does.
 * Links open in a new tab without giving it a handle on this page.
 */
export function linkified(text: string): (Node | string)[] {
  const out: (Node | string)[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_RUN)) {
    let url = match[0];
    while (url.length > 0 && TRAILING.includes(url[url.length - 1]!)) url = url.slice(0, -1);
    const start = match.index ?? 0;
    if (start > last) out.push(text.slice(last, start));
    out.push(h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, url));
    last = start + url.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}
