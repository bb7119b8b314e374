import { ChatApi, isRetryable, isSessionGone, type ApiFailure } from './api';
import { Composer } from './composer';
import { Controls } from './controls';
import { currentPosition } from './geolocation';
import type { WidgetOptions } from './options';
import { Panel } from './panel';
import { checkPhoto, megabytes, readBase64 } from './photo';
import { outgoing, postWithRetry, type Outgoing } from './sender';
import { loadSaved, participantId, rememberOpen, save, wasOpen, type Saved } from './storage';
import { openStream, type LiveStream } from './stream';
import { hasStrings, negotiate, stringsFor, type Strings } from './strings';
import { Transcript } from './transcript';
import type { Answer, Choice, Credentials, Message } from './types';

/**
 * The widget's behaviour: starts or resumes the conversation, keeps the transcript in step
 * with the API (replies, other tabs, status updates over server-sent events), and turns the
 * person's actions into answers, one at a time. It decides nothing about the dialog: the API's
 * messages say what is asked and which answers are offered.
 */
export class Chat {
  private strings: Strings;
  private readonly api: ChatApi;
  private readonly transcript: Transcript;
  private readonly controls: Controls;
  private readonly composer: Composer;
  private readonly panel: Panel;
  private saved: Saved | null;
  private stream: LiveStream | undefined;
  private starting: Promise<Credentials | null> | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly opts: WidgetOptions) {
    this.strings = stringsFor(negotiate([opts.locale, ...(navigator.languages ?? [navigator.language]), document.documentElement.lang]));
    this.api = new ChatApi(opts.server);
    this.transcript = new Transcript(this.strings);
    this.controls = new Controls(this.strings, { choose: (c) => this.choose(c), locate: () => void this.locate(), photo: (f) => void this.photo(f) }, opts.photoMaxBytes);
    this.composer = new Composer(this.strings, (text) => this.send(outgoing({ text }, text)));
    this.panel = new Panel(opts, this.strings, { log: this.transcript.el, controls: this.controls.el, composer: this.composer.el }, { opened: () => this.opened(), closed: () => rememberOpen(opts.server, false) });
    this.transcript.el.setAttribute('aria-label', this.strings.t('log_label'));
    this.saved = loadSaved(opts.server);
    if (this.saved) void this.resume(this.saved);
    if (opts.open || wasOpen(opts.server)) this.panel.open();
  }

  /** Opens the panel (the page's own "chat with us" links can call this). */
  open(): void {
    this.panel.open();
  }

  /** Closes the panel. */
  close(): void {
    this.panel.hide();
  }

  private opened(): void {
    rememberOpen(this.opts.server, true);
    this.markSeen();
    if (this.saved) {
      if (!this.controls.focusFirst()) this.composer.focus();
      this.transcript.scrollToEnd();
      return;
    }
    this.composer.focus();
    void this.session().then((creds) => {
      // The person opened the chat and has not started typing: take them to the first answer.
      if (creds && this.composer.input.value === '' && this.focusIsOn(this.composer.input)) this.controls.focusFirst();
    });
  }

  /** The conversation's credentials, starting a new conversation when there is none. */
  private session(): Promise<Credentials | null> {
    if (this.saved) return Promise.resolve(this.saved);
    this.starting ??= this.start().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async start(): Promise<Credentials | null> {
    const { t } = this.strings;
    this.panel.setStatus(t('starting'));
    const body = { ...(this.opts.locale ? { locale: this.opts.locale } : {}), ...(this.opts.start ? { start: this.opts.start } : {}), participant: participantId(this.opts.server) };
    const r = await this.api.createSession(body);
    this.panel.setStatus('');
    if (!r.ok) {
      this.panel.showError(this.describe(r.failure, 'start_failed'), { label: t('retry'), run: () => void this.session() });
      return null;
    }
    this.saved = { sessionId: r.value.sessionId, token: r.value.token };
    save(this.opts.server, this.saved);
    this.transcript.clear();
    this.add(r.value.messages);
    this.follow(this.saved);
    return this.saved;
  }

  private async resume(creds: Credentials): Promise<void> {
    this.panel.setStatus(this.strings.t('loading'));
    const r = await this.api.history(creds);
    this.panel.setStatus('');
    if (!r.ok) {
      if (isSessionGone(r.failure)) this.gone(false);
      else this.panel.showError(this.describe(r.failure, 'load_failed'), { label: this.strings.t('retry'), run: () => void this.resume(creds) });
      return;
    }
    this.transcript.busy(true);
    this.add(r.value.messages);
    this.transcript.busy(false);
    this.follow(creds);
  }

  /** Live messages: replies seen from other tabs, and the agency's status updates. */
  private follow(creds: Credentials): void {
    this.stream?.close();
    this.stream = openStream(this.api, creds, () => this.transcript.lastId(), {
      onMessage: (m) => this.add([m]),
      onState: (state) => this.panel.setStatus(state === 'reconnecting' ? this.strings.t('reconnecting') : ''),
      onGone: () => this.gone(true),
    });
  }

  /** The conversation expired or was erased on the server: forget it; a new one starts when needed. */
  private gone(tell: boolean): void {
    this.stream?.close();
    this.stream = undefined;
    this.saved = null;
    save(this.opts.server, null);
    this.transcript.clear();
    this.controls.show(null);
    if (tell) this.panel.showError(this.strings.t('session_expired'));
    if (this.panel.isOpen) void this.session();
  }

  private add(messages: readonly Message[]): void {
    const added = this.transcript.add(messages);
    if (added.length === 0) return;
    const lastBot = [...added].reverse().find((m) => m.from === 'bot');
    // The chrome follows the conversation's language when the widget has strings for it.
    if (lastBot && hasStrings(lastBot.lang)) this.setLocale(negotiate([lastBot.lang]));
    this.refreshControls();
    // New controls take room from the log (a review's buttons after a typed answer): keep its end in view.
    this.transcript.scrollToEnd();
    if (this.panel.isOpen) this.markSeen();
    else if (lastBot && lastBot.id > (this.saved?.seen ?? '')) this.panel.setUnread(true);
  }

  /** Shows the controls of the last question asked (a reply to another tab's answer replaces it). */
  private refreshControls(): void {
    const question = [...this.transcript.messages()].reverse().find((m) => m.from === 'bot' && (m.expects !== 'none' || (m.choices?.length ?? 0) > 0)) ?? null;
    const hadFocus = this.controls.show(question);
    this.composer.setExpects(question?.expects ?? 'none');
    if (hadFocus && !this.controls.focusFirst()) this.composer.focus();
  }

  private choose(choice: Choice): void {
    this.send(outgoing({ choice: choice.id }, choice.label));
  }

  private async locate(): Promise<void> {
    const { t } = this.strings;
    this.panel.clearError();
    this.panel.setStatus(t('locating'));
    const p = await currentPosition();
    this.panel.setStatus('');
    if (!p.ok) {
      this.panel.showError(t(p.reason === 'denied' ? 'location_denied' : 'location_unavailable'));
      this.composer.focus();
      return;
    }
    this.send(outgoing({ location: { lat: p.lat, lon: p.lon } }, t('location_echo')));
  }

  private async photo(file: File): Promise<void> {
    const { t } = this.strings;
    this.panel.clearError();
    const problem = checkPhoto(file, this.opts.photoMaxBytes);
    if (problem) {
      const max = megabytes(this.opts.photoMaxBytes);
      this.panel.showError(problem.kind === 'type' ? t('photo_type') : t('photo_too_large', { size: problem.sizeMb, max }));
      return;
    }
    const data = await readBase64(file);
    if (data === null) {
      this.panel.showError(t('photo_unreadable'));
      return;
    }
    const answer: Answer = { photo: { contentType: file.type, data } };
    this.send(outgoing(answer, t('photo_echo', { name: file.name })));
  }

  /** Queues an answer: answers go one at a time, in order. */
  private send(out: Outgoing): void {
    this.queue = this.queue.then(() => this.deliver(out));
  }

  private async deliver(out: Outgoing): Promise<void> {
    const { t } = this.strings;
    const creds = await this.session();
    if (!creds) {
      if ('text' in out.answer) this.composer.restore(out.answer.text);
      return;
    }
    this.panel.clearError();
    this.transcript.addPlaceholder(out.echo, this.strings.locale);
    this.controls.setBusy(true);
    this.panel.setStatus(t('sending'));
    const r = await postWithRetry(this.api, creds, out, () => this.panel.setStatus(t('retrying')));
    this.controls.setBusy(false);
    this.panel.setStatus('');
    if (r.ok) {
      this.transcript.settlePlaceholder(r.value.messages[0]?.id);
      this.add(r.value.messages);
      return;
    }
    if (isSessionGone(r.failure)) {
      this.transcript.dropPlaceholder();
      this.gone(true);
      return;
    }
    if (isRetryable(r.failure)) {
      // Still unsure whether it arrived: offer to try again with the same id (applied at most once).
      this.panel.showError(this.describe(r.failure, 'send_failed'), { label: t('retry'), run: () => this.send(out) });
      return;
    }
    this.transcript.dropPlaceholder();
    if ('text' in out.answer) this.composer.restore(out.answer.text);
    this.panel.showError(this.describe(r.failure, 'send_rejected'));
  }

  private describe(f: ApiFailure, fallback: string): string {
    const { t } = this.strings;
    if (f.kind === 'http' && f.status === 429) return t('too_many');
    if (f.kind === 'http' && f.status === 413) return t('too_large');
    return t(fallback);
  }

  private setLocale(locale: string): void {
    if (locale === this.strings.locale) return;
    this.strings = stringsFor(locale);
    this.transcript.setStrings(this.strings);
    this.transcript.el.setAttribute('aria-label', this.strings.t('log_label'));
    this.controls.setStrings(this.strings);
    this.composer.setStrings(this.strings);
    this.panel.setStrings(this.strings);
  }

  private markSeen(): void {
    const last = this.transcript.lastId();
    if (!this.saved || last === undefined || this.saved.seen === last) return;
    this.saved = { ...this.saved, seen: last };
    save(this.opts.server, this.saved);
  }

  private focusIsOn(el: Element): boolean {
    return (this.panel.root.activeElement ?? null) === el;
  }
}
