import { h, icon, ICONS } from './dom';
import type { WidgetOptions } from './options';
import type { Strings } from './strings';
import { STYLES } from './styles';

/** The parts the panel lays out between its header and its edges. */
export interface PanelParts {
  log: HTMLElement;
  controls: HTMLElement;
  composer: HTMLElement;
}

/** The panel tells its owner when the person opens or closes it. */
export interface PanelHandlers {
  opened(): void;
  closed(): void;
}

/** Viewports where the panel fills the screen (and so keeps focus inside it). */
const FULL_SCREEN = '(max-width: 480px), (max-height: 520px)';

/**
 * The widget's shell, in an open Shadow DOM on a `<wegov-chat>` element so the host page's CSS
 * cannot reach in: the launcher button and the chat panel (a non-modal dialog with a header, the
 * log, a `role="status"` line, a `role="alert"` area, the controls and the composer).
 * Esc closes it and focus returns to the launcher. Styles are a constructed stylesheet where
 * the browser supports one, so a host page's Content-Security-Policy need not allow inline styles.
 */
export class Panel {
  readonly root: ShadowRoot;
  isOpen = false;
  private readonly wrap: HTMLElement;
  private readonly launcher: HTMLButtonElement;
  private readonly launcherLabel: HTMLSpanElement;
  private readonly badge: HTMLSpanElement;
  private readonly dialog: HTMLElement;
  private readonly title: HTMLHeadingElement;
  private readonly subtitle: HTMLParagraphElement;
  private readonly close: HTMLButtonElement;
  private readonly status: HTMLElement;
  private readonly alert: HTMLElement;
  private unread = false;

  constructor(
    private readonly opts: WidgetOptions,
    private strings: Strings,
    parts: PanelParts,
    private readonly on: PanelHandlers,
  ) {
    const host = document.createElement('wegov-chat');
    if (opts.accent) host.style.setProperty('--wegov-accent', opts.accent);
    if (opts.accentText) host.style.setProperty('--wegov-accent-text', opts.accentText);
    this.root = host.attachShadow({ mode: 'open' });
    adoptStyles(this.root);

    this.launcherLabel = h('span', { class: 'launcher-label' });
    this.badge = h('span', { class: 'badge', hidden: true });
    this.launcher = h('button', { type: 'button', class: 'launcher', 'aria-expanded': 'false', 'aria-controls': 'wegov-panel' }, icon(ICONS.chat), this.launcherLabel, this.badge);
    this.launcher.addEventListener('click', () => this.open());

    this.title = h('h2', { id: 'wegov-title', class: 'title' });
    this.subtitle = h('p', { class: 'subtitle' });
    this.close = h('button', { type: 'button', class: 'close' }, icon(ICONS.close));
    this.close.addEventListener('click', () => this.hide());
    this.status = h('div', { class: 'status', role: 'status' });
    this.alert = h('div', { class: 'alert', role: 'alert' });
    const header = h('div', { class: 'header' }, h('span', { class: 'avatar' }, icon(ICONS.chat)), h('div', { class: 'heading' }, this.title, this.subtitle), this.close);
    this.dialog = h('section', { id: 'wegov-panel', class: 'panel', role: 'dialog', 'aria-labelledby': 'wegov-title', hidden: true }, header, parts.log, this.status, this.alert, parts.controls, parts.composer);
    this.dialog.addEventListener('keydown', (e) => this.onKey(e));

    this.wrap = h('div', { class: `wrap pos-${opts.position}` }, this.launcher, this.dialog);
    this.root.append(this.wrap);
    this.apply();
    document.body.append(host);
  }

  /** Opens the panel; focus goes where the owner puts it (see `opened`). */
  open(): void {
    if (this.isOpen) return;
    this.isOpen = true;
    this.dialog.hidden = false;
    this.launcher.hidden = true;
    this.launcher.setAttribute('aria-expanded', 'true');
    this.setUnread(false);
    this.on.opened();
  }

  /** Closes the panel and gives focus back to the launcher. */
  hide(): void {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.dialog.hidden = true;
    this.launcher.hidden = false;
    this.launcher.setAttribute('aria-expanded', 'false');
    this.launcher.focus();
    this.on.closed();
  }

  setStrings(strings: Strings): void {
    this.strings = strings;
    this.apply();
  }

  /** Progress in words ('' clears it), read out politely. */
  setStatus(text: string): void {
    if (this.status.textContent !== text) this.status.textContent = text;
  }

  /** An error in words, read out at once, with an optional action ("Try again"). */
  showError(text: string, action?: { label: string; run: () => void }): void {
    const children: (Node | string)[] = [h('p', {}, text)];
    if (action) {
      const b = h('button', { type: 'button', class: 'choice' }, action.label);
      b.addEventListener('click', () => {
        this.clearError();
        action.run();
      });
      children.push(b);
    }
    this.alert.replaceChildren(...children);
  }

  clearError(): void {
    if (this.alert.childNodes.length > 0) this.alert.replaceChildren();
  }

  /** A message arrived while the panel was closed: a dot on the launcher, named for screen readers. */
  setUnread(unread: boolean): void {
    this.unread = unread;
    this.badge.hidden = !unread;
    this.apply();
  }

  private apply(): void {
    const { t } = this.strings;
    this.wrap.setAttribute('dir', this.strings.dir);
    this.wrap.setAttribute('lang', this.strings.locale);
    this.launcherLabel.textContent = t('launcher');
    this.badge.textContent = this.unread ? t('new_message') : '';
    this.title.textContent = this.opts.title ?? t('title');
    this.subtitle.textContent = t('subtitle');
    this.close.setAttribute('aria-label', t('close'));
    this.close.title = t('close');
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      this.hide();
      return;
    }
    // Full screen, the page behind is covered: keep Tab inside the panel (Esc still leaves).
    if (e.key === 'Tab' && matchMedia(FULL_SCREEN).matches) {
      const focusables = [...this.dialog.querySelectorAll<HTMLElement>('button:not([hidden]), textarea, [tabindex="0"]')].filter((el) => el.offsetParent !== null);
      const first = focusables[0];
      const last = focusables[focusables.length - 1];
      const active = this.root.activeElement;
      if (e.shiftKey && active === first) {
        e.preventDefault();
        last?.focus();
      } else if (!e.shiftKey && active === last) {
        e.preventDefault();
        first?.focus();
      }
    }
  }
}

function adoptStyles(root: ShadowRoot): void {
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet !== 'undefined' && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLES);
    root.adoptedStyleSheets = [sheet];
  } else {
    root.append(h('style', {}, STYLES));
  }
}
