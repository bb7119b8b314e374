import { h } from './dom';
import { linkified } from './links';
import { directionOf, type Strings } from './strings';
import type { Message } from './types';

interface Entry {
  /** Sort key: the message id; a placeholder sorts just before the message with the same key. */
  key: string;
  el: HTMLElement;
  message?: Message;
}

/** End-of-list key for a placeholder whose reply has not come yet (ids are digits and dots). */
const LAST = '\uffff';

/** The id of a message's text element, so the answer controls can be labelled by their question. */
export const questionLabelId = (messageId: string): string => `q-${messageId}`;

/**
 * The conversation as a `role="log"` live region. Messages are kept in id order, each shown
 * once (the API publishes every turn's messages to every tab, the sender's included); each has
 * a speaker label for screen readers and its own `lang` and `dir`; a message's file (a calendar
 * file) is a download link under its text. The person's message is shown at once as a
 * placeholder and replaced by the server's echo when it arrives.
 */
export class Transcript {
  readonly el: HTMLElement;
  private entries: Entry[] = [];
  private placeholder: Entry | undefined;

  constructor(private strings: Strings) {
    this.el = h('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', tabindex: '0' });
  }

  /** Switches the speaker labels' language (messages keep theirs). */
  setStrings(strings: Strings): void {
    this.strings = strings;
    for (const e of this.entries) {
      const label = e.el.querySelector('.speaker');
      if (label) label.textContent = this.speaker(e.message?.from ?? 'user');
      const download = e.el.querySelector<HTMLAnchorElement>('a.document');
      if (download && e.message?.document) {
        download.textContent = this.downloadLabel(e.message.document.filename);
        download.lang = strings.locale;
      }
    }
  }

  /** Adds messages not shown yet; returns those that were new. */
  add(messages: readonly Message[]): Message[] {
    const added: Message[] = [];
    for (const m of messages) {
      if (this.entries.some((e) => e.message?.id === m.id)) continue;
      if (m.from === 'user' && this.placeholder && m.id < this.placeholder.key) this.dropPlaceholder();
      this.insert({ key: m.id, el: this.render(m), message: m });
      added.push(m);
    }
    if (added.length > 0) this.scrollToEnd();
    return added;
  }

  /** Shows what the person just sent, until the server's echo replaces it. */
  addPlaceholder(text: string, lang: string): void {
    this.dropPlaceholder();
    const el = this.bubble('user', text, lang);
    el.classList.add('pending');
    this.placeholder = { key: LAST, el };
    this.insert(this.placeholder);
    this.scrollToEnd();
  }

  /** The send was answered: the echo belongs just before `firstReplyId` (when there was a reply). */
  settlePlaceholder(firstReplyId: string | undefined): void {
    const p = this.placeholder;
    if (!p) return;
    p.el.classList.remove('pending');
    if (firstReplyId === undefined) return;
    this.entries = this.entries.filter((e) => e !== p);
    p.key = firstReplyId;
    this.insert(p);
  }

  /** The send failed for good: take the placeholder away (the text is back in the box). */
  dropPlaceholder(): void {
    this.placeholder?.el.remove();
    this.entries = this.entries.filter((e) => e !== this.placeholder);
    this.placeholder = undefined;
  }

  /** Every message shown, in order. */
  messages(): Message[] {
    return this.entries.flatMap((e) => (e.message ? [e.message] : []));
  }

  /** The id of the last message shown. */
  lastId(): string | undefined {
    const all = this.messages();
    return all[all.length - 1]?.id;
  }

  /** Empties the log (a new conversation). */
  clear(): void {
    this.entries = [];
    this.placeholder = undefined;
    this.el.replaceChildren();
  }

  /** Marks the log busy while a batch (the history) is added, so it is not read out line by line. */
  busy(on: boolean): void {
    if (on) this.el.setAttribute('aria-busy', 'true');
    else this.el.removeAttribute('aria-busy');
  }

  scrollToEnd(): void {
    this.el.scrollTop = this.el.scrollHeight;
  }

  private insert(entry: Entry): void {
    // A message goes after entries with its key; a placeholder before them.
    const at = this.entries.findIndex((e) => (entry.message ? e.key > entry.key : e.key >= entry.key));
    const before = at < 0 ? undefined : this.entries[at];
    if (before) {
      this.entries.splice(at, 0, entry);
      this.el.insertBefore(entry.el, before.el);
    } else {
      this.entries.push(entry);
      this.el.append(entry.el);
    }
  }

  private render(m: Message): HTMLElement {
    const el = this.bubble(m.from, m.text, m.lang, m.id);
    const download = m.from === 'bot' ? this.documentLink(m.document) : undefined;
    if (download) el.querySelector('.bubble')?.append('\n', download);
    return el;
  }

  /**
   * A message's file as a download link named by the file ("Download volunteer-shift.ics", in
   * the widget's language), under the text that carries the same link. http(s) links only.
   */
  private documentLink(d: Message['document']): HTMLAnchorElement | undefined {
    if (!d || !/^https?:\/\//i.test(d.url)) return undefined;
    return h('a', { class: 'document', href: d.url, download: d.filename, type: d.mime, lang: this.strings.locale }, this.downloadLabel(d.filename));
  }

  private downloadLabel(filename: string): string {
    return this.strings.t('download', { name: filename });
  }

  private bubble(from: 'bot' | 'user', text: string, lang: string, id?: string): HTMLElement {
    return h(
      'div',
      { class: `msg ${from}`, 'data-id': id },
      h('span', { class: 'speaker sr-only' }, this.speaker(from)),
      // A user's own words may be in any script: let the browser decide their direction. Only
      // the bot's messages get links (a "my data" file); what people type stays plain text.
      h('p', { class: 'bubble', id: id === undefined ? undefined : questionLabelId(id), lang, dir: from === 'bot' ? directionOf(lang) : 'auto' }, ...(from === 'bot' ? linkified(text) : [text])),
    );
  }

  private speaker(from: 'bot' | 'user'): string {
    return `${this.strings.t(from === 'bot' ? 'speaker_bot' : 'speaker_user')}:`;
  }
}
