import { h, icon, ICONS } from './dom';
import type { Strings } from './strings';
import type { Expects } from './types';

const MAX_HEIGHT_PX = 128;

/**
 * The text box and Send button. Its visible label warns not to share sensitive information.
 * Enter sends, Shift+Enter starts a new line. For a location question the placeholder invites
 * a typed address.
 */
export class Composer {
  readonly el: HTMLFormElement;
  readonly input: HTMLTextAreaElement;
  private readonly label: HTMLLabelElement;
  private readonly send: HTMLButtonElement;
  private expects: Expects = 'none';

  constructor(
    private strings: Strings,
    onSubmit: (text: string) => void,
  ) {
    this.label = h('label', { for: 'wegov-input', class: 'input-label' });
    this.input = h('textarea', { id: 'wegov-input', rows: 1, autocomplete: 'off', enterkeyhint: 'send' });
    this.send = h('button', { type: 'submit', class: 'send' }, icon(ICONS.send));
    this.el = h('form', { class: 'composer', novalidate: true }, this.label, h('div', { class: 'input-row' }, this.input, this.send));
    const submit = (): void => {
      const text = this.input.value.trim();
      if (text === '') return;
      this.input.value = '';
      this.fit();
      onSubmit(text);
    };
    this.el.addEventListener('submit', (e) => {
      e.preventDefault();
      submit();
    });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        submit();
      }
    });
    this.input.addEventListener('input', () => this.fit());
    this.apply();
  }

  setStrings(strings: Strings): void {
    this.strings = strings;
    this.apply();
  }

  /** Adapts the placeholder to what the question expects. */
  setExpects(expects: Expects): void {
    this.expects = expects;
    this.apply();
  }

  /** Puts text back (a send that failed for good), unless the person typed something since. */
  restore(text: string): void {
    if (this.input.value === '') {
      this.input.value = text;
      this.fit();
    }
  }

  focus(): void {
    this.input.focus();
  }

  private apply(): void {
    const { t } = this.strings;
    this.label.textContent = t('input_label');
    this.input.placeholder = t(this.expects === 'location' ? 'address_placeholder' : 'placeholder');
    this.send.setAttribute('aria-label', t('send'));
    this.send.title = t('send');
  }

  private fit(): void {
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(this.input.scrollHeight, MAX_HEIGHT_PX)}px`;
  }
}
