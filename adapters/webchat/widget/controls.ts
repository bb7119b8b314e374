import { h, icon, ICONS } from './dom';
import { megabytes, PHOTO_TYPES } from './photo';
import { rove } from './roving';
import type { Strings } from './strings';
import { questionLabelId } from './transcript';
import type { Choice, Message } from './types';

/** True when the options are a numeric scale: labels are numbers, ids consecutive integers. */
export function isScale(options: readonly Choice[]): boolean {
  return options.length > 1 && options.every((c, i) => /^\d+$/.test(c.id) && c.label.trim() === c.id && +c.id === +options[0]!.id + i);
}

/** How the server marks a picked option of a multi-select question (locales' `choices.picked`). */
const PICKED = '✓ ';

/** What the person can do with the current question. */
export interface ControlHandlers {
  choose(choice: Choice): void;
  locate(): void;
  photo(file: File): void;
}

/** The group a question's options form: see `Controls`. */
type GroupKind = 'radio' | 'checkbox' | 'scale' | null;

/**
 * The answer controls for the question being asked: its choices as buttons, "Use my location"
 * for a location question, "Attach a photo" for a photo question. Typed answers always go
 * through the text box. Three kinds of question get a group of their own, labelled by the
 * question's message (`aria-labelledby`, see `questionLabelId`), one Tab stop whose options the
 * arrow keys move between (roving tabindex, see `rove`):
 * - one answer of a form (`control: 'radio'`): a `role="radiogroup"` of `role="radio"` buttons
 *   (the options and "Other…"); the arrows move and check (`aria-checked`), Space or a click
 *   checks, and nothing is sent until the confirm button (or Enter on an option, as in a form).
 * - multiple choice (`multiple: true`): each option (and "Other…") is a toggle button whose
 *   `aria-pressed` follows the server's ticks; Done and Skip follow outside the group. The
 *   question is re-sent after each pick, and focus stays on the option just toggled.
 * - a scale (`control: 'scale'`, or detected from the data: every option's label is a number
 *   and the ids are consecutive integers, "1".."5", "0".."10"): one row of number buttons.
 * Other choices (Skip, menus, report steps) are action buttons after the group.
 * While a send is in flight the buttons are `aria-disabled` (not `disabled`, which would drop
 * keyboard focus); so is the confirm button while no option is checked.
 */
export class Controls {
  readonly el: HTMLElement;
  private readonly file: HTMLInputElement;
  private question: Message | null = null;
  private busy = false;
  /** The option to focus again when a multiple-choice question comes back with a new tick. */
  private keep: string | null = null;
  /** The radio option checked, and the button that sends it. */
  private checked: string | null = null;
  private confirm: HTMLButtonElement | null = null;
  /** A review's changes are shown (after "Change something"). */
  private changing = false;

  constructor(
    private strings: Strings,
    private readonly on: ControlHandlers,
    private readonly photoMaxBytes: number,
  ) {
    this.el = h('div', { class: 'controls', hidden: true });
    this.file = h('input', { type: 'file', accept: PHOTO_TYPES.join(','), hidden: true });
    this.file.addEventListener('change', () => {
      const chosen = this.file.files?.[0];
      this.file.value = '';
      if (chosen) this.on.photo(chosen);
    });
  }

  /** Shows the controls for `question` (null: nothing to answer). Returns true if they had focus. */
  show(question: Message | null): boolean {
    // The same question again (an echo or a status update arrived): keep the buttons, and focus where it is.
    if (question?.id === this.question?.id) return false;
    const hadFocus = this.hasFocus();
    const before = this.question;
    this.keep = null;
    if (hadFocus && before?.multiple && question?.multiple && ids(before) === ids(question)) {
      this.keep = (this.el.getRootNode() as Document | ShadowRoot).activeElement?.getAttribute('data-choice-id') ?? null;
    }
    this.question = question;
    this.checked = null;
    this.changing = false;
    this.render();
    return hadFocus;
  }

  setStrings(strings: Strings): void {
    const hadFocus = this.hasFocus();
    this.strings = strings;
    this.render();
    if (hadFocus) this.focusFirst();
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    for (const b of this.el.querySelectorAll('button')) {
      if (busy || (b === this.confirm && this.checked === null)) b.setAttribute('aria-disabled', 'true');
      else b.removeAttribute('aria-disabled');
    }
  }

  /** Focuses the first control (a group's Tab stop, or the option just toggled); false when there is none. */
  focusFirst(): boolean {
    const kept = this.keep === null ? null : this.el.querySelector<HTMLElement>(`button[data-choice-id="${CSS.escape(this.keep)}"]`);
    const first = kept ?? this.el.querySelector('button:not([tabindex="-1"])');
    first?.focus();
    return first !== null;
  }

  private hasFocus(): boolean {
    const root = this.el.getRootNode() as Document | ShadowRoot;
    return root.activeElement !== null && this.el.contains(root.activeElement);
  }

  private render(): void {
    const q = this.question;
    const { t } = this.strings;
    const actions: HTMLElement[] = [];
    if (q?.expects === 'location') {
      actions.push(this.button([icon(ICONS.pin), t('use_location')], 'action', () => this.on.locate(), { 'data-action': 'locate' }));
    }
    if (q?.expects === 'photo') {
      actions.push(this.button([icon(ICONS.camera), t('attach_photo')], 'action', () => this.file.click(), { 'data-action': 'photo' }));
    }
    const all = q?.choices ?? [];
    if (q?.control === 'review') return this.showRows(this.review(all), q);
    const answers = all.filter((c) => !c.id.startsWith('_'));
    const kind: GroupKind = !q ? null : q.multiple ? 'checkbox' : q.control === 'radio' ? 'radio' : q.control === 'scale' || isScale(answers) ? 'scale' : null;
    const options = kind === 'scale' ? answers : all.filter((c) => !c.id.startsWith('_') || c.id === '_other');
    const rows: HTMLElement[] = [];
    this.confirm = null;
    if (q && kind) {
      // One group named by the question itself; the other buttons (confirm, Done, Skip) follow it.
      const radio = kind === 'radio';
      const items = options.map((c) => (radio ? this.radio(c) : this.choice(c, kind === 'checkbox')));
      const group = h('div', { class: kind === 'scale' ? 'choices scale' : 'choices', role: radio ? 'radiogroup' : 'group', 'aria-labelledby': questionLabelId(q.id) }, ...items);
      const at = options.findIndex((c) => c.id === (radio ? this.checked : this.keep));
      rove(group, items, Math.max(0, at), radio ? (b) => this.check(b) : undefined);
      if (radio) {
        // Enter on an option sends it, as Enter in a form submits it.
        group.addEventListener('keydown', (e) => {
          if (e.key !== 'Enter' || !items.includes(e.target as HTMLButtonElement)) return;
          e.preventDefault();
          this.check(e.target as HTMLElement);
          this.submit();
        });
        this.confirm = this.button([t('confirm')], 'choice primary', () => this.submit(), { 'data-action': 'confirm' });
      }
      rows.push(group);
    }
    const rest = kind ? all.filter((c) => !options.includes(c)) : all;
    const loose = [...actions, ...(this.confirm ? [this.confirm] : []), ...rest.map((c) => this.choice(c, false))];
    if (loose.length > 0) {
      rows.push(h('div', { class: 'choices', role: 'group', 'aria-label': t('answers_label') }, ...loose));
    }
    if (q?.expects === 'photo') {
      rows.push(h('p', { class: 'hint' }, t('photo_hint', { max: megabytes(this.photoMaxBytes) })));
    }
    this.showRows(rows, q);
  }

  private showRows(rows: HTMLElement[], q: Message | null): void {
    this.el.replaceChildren(...rows, this.file);
    this.el.hidden = rows.length === 0;
    // What the question expects and each choice's id are exposed for the page's own scripts and tests.
    this.el.dataset.expects = q?.expects ?? 'none';
    this.setBusy(this.busy);
  }

  /**
   * A review (`control: 'review'`): the summary above stays in view with two buttons under it,
   * the send button and "Change something", a disclosure (`aria-expanded`) that shows the
   * "Change: ..." buttons in a group of their own and moves focus to the first of them.
   */
  private review(all: readonly Choice[]): HTMLElement[] {
    const { t } = this.strings;
    const send = all.filter((c) => c.id.startsWith('_'));
    const changes = all.filter((c) => !c.id.startsWith('_'));
    const toggle = this.button([t('change_something')], 'choice', () => {
      this.changing = !this.changing;
      this.render();
      const target = this.changing ? this.el.querySelector<HTMLElement>('#wegov-changes button') : this.el.querySelector<HTMLElement>('[data-action=change]');
      target?.focus();
    }, { 'data-action': 'change', 'aria-expanded': String(this.changing), 'aria-controls': 'wegov-changes' });
    const rows = [h('div', { class: 'choices', role: 'group', 'aria-label': t('answers_label') }, ...send.map((c) => this.choice(c, false)), ...(changes.length > 0 ? [toggle] : []))];
    const list = h('div', { class: 'choices changes', id: 'wegov-changes', role: 'group', 'aria-label': t('change_something'), hidden: !this.changing }, ...changes.map((c) => this.choice(c, false)));
    if (changes.length > 0) rows.push(list);
    return rows;
  }

  private choice(c: Choice, toggle: boolean): HTMLButtonElement {
    const cls = c.id === '_submit' ? 'choice primary' : 'choice';
    if (!toggle) return this.button([c.label], cls, () => this.on.choose(c), { 'data-choice-id': c.id });
    // A multiple-choice option is a toggle: the server marks picked ones "✓ label".
    const picked = c.label.startsWith(PICKED);
    const label = picked ? c.label.slice(PICKED.length) : c.label;
    const content = picked ? [h('span', { 'aria-hidden': 'true' }, PICKED), label] : [label];
    return this.button(content, cls, () => this.on.choose(c), { 'data-choice-id': c.id, 'aria-pressed': String(picked) });
  }

  /** A radio option: a click or Space checks it (the confirm button sends it). */
  private radio(c: Choice): HTMLButtonElement {
    const b = this.button([c.label], 'choice radio', () => this.check(b), { role: 'radio', 'aria-checked': String(this.checked === c.id), 'data-choice-id': c.id });
    return b;
  }

  /** Checks `item`, unchecks the others; sends nothing. */
  private check(item: HTMLElement): void {
    this.checked = item.dataset.choiceId ?? null;
    for (const r of this.el.querySelectorAll('[role=radio]')) r.setAttribute('aria-checked', String(r === item));
    this.setBusy(this.busy);
  }

  /** Sends the checked option; with none checked, takes focus back to the options. */
  private submit(): void {
    const c = this.question?.choices?.find((x) => x.id === this.checked);
    if (this.busy) return;
    if (c) this.on.choose(c);
    else this.el.querySelector<HTMLElement>('[role=radio][tabindex="0"]')?.focus();
  }

  private button(content: (Node | string)[], cls: string, act: () => void, attrs: Record<string, string>): HTMLButtonElement {
    const b = h('button', { type: 'button', class: cls, ...attrs }, ...content.map((c) => (typeof c === 'string' ? h('span', {}, c) : c)));
    b.addEventListener('click', () => {
      if (!this.busy) act();
    });
    return b;
  }
}

/** A question's option ids, to tell the same question re-sent from a new one. */
function ids(q: Message): string {
  return (q.choices ?? []).map((c) => c.id).join(' ');
}
