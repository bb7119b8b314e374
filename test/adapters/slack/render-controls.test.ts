/**
 * Consultation questions as Slack form controls (adapters/slack/form-controls.ts): radio buttons
 * up to 10 answers and a static select past them (placeholder in the person's language),
 * checkboxes with the picks ticked and a multi-select past 10, the special choices as buttons
 * after the control, menus and scales as buttons exactly as before; every block within Slack's
 * limits (option text and description 75 characters, values 150, ids 255, 10 options in a group,
 * 100 in a select).
 */
import type { types } from '@slack/bolt';
import { toSlack } from '../../../adapters/slack/render';
import { loadI18n } from '../../../src/i18n';
import type { I18n } from '../../../src/i18n';
import type { StoredMessage } from '../../../src/state/types';

let i18n: I18n;
beforeAll(async () => {
  i18n = await loadI18n();
});

const question = (control: StoredMessage['control'], choices: { id: string; label: string }[], lang = 'en'): StoredMessage => ({
  id: '000000000042.001',
  from: 'bot',
  text: 'Which one?',
  expects: 'choice',
  choices,
  lang,
  createdAt: '2026-12-01T15:00:00.000Z',
  ...(control ? { control } : {}),
});

const options = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `option-${i + 1}`, label: `Option ${i + 1}` }));

type Element = { type: string; action_id?: string; options?: types.PlainTextOption[]; initial_options?: types.PlainTextOption[]; placeholder?: { text: string }; value?: string; text?: { text: string } };
const actionsOf = (m: StoredMessage) => {
  const [only] = toSlack(m, i18n);
  return (only?.blocks ?? []).filter((b): b is types.ActionsBlock => b.type === 'actions');
};
const elementsOf = (m: StoredMessage): Element[] => actionsOf(m).flatMap((b) => b.elements as Element[]);

/** Slack's documented limits for what these blocks carry. */
function expectWithinSlackLimits(m: StoredMessage): void {
  for (const block of actionsOf(m)) {
    expect((block.block_id ?? '').length).toBeLessThanOrEqual(255);
    expect(block.elements.length).toBeLessThanOrEqual(25);
    for (const e of block.elements as Element[]) {
      expect((e.action_id ?? '').length).toBeLessThanOrEqual(255);
      if (e.type === 'radio_buttons' || e.type === 'checkboxes') expect(e.options!.length).toBeLessThanOrEqual(10);
      if (e.type === 'static_select' || e.type === 'multi_static_select') {
        expect(e.options!.length).toBeLessThanOrEqual(100);
        expect([...e.placeholder!.text].length).toBeLessThanOrEqual(150);
      }
      for (const o of e.options ?? []) {
        expect([...o.text.text].length).toBeLessThanOrEqual(75);
        expect([...(o.description?.text ?? '')].length).toBeLessThanOrEqual(75);
        expect(o.value!.length).toBeLessThanOrEqual(150);
      }
      for (const o of e.initial_options ?? []) expect(e.options).toContainEqual(o);
    }
  }
}

describe('Slack form controls for consultation questions', () => {
  it('one answer of up to 10: radio buttons, Skip as a button after them', () => {
    const m = question('radio', [...options(10), { id: '_skip', label: 'Skip' }]);
    const [radio, skip] = elementsOf(m);
    expect(radio?.type).toBe('radio_buttons');
    expect(radio?.options?.map((o) => o.text.text)).toEqual(options(10).map((o) => o.label));
    expect(radio?.options?.[0]?.value).toBe('42:option-1');
    expect(skip).toMatchObject({ type: 'button', value: '42:_skip', text: { text: 'Skip' } });
    expectWithinSlackLimits(m);
  });

  it('one answer of more than 10: a static select with a placeholder in the person\'s language', () => {
    const m = question('radio', [...options(11), { id: '_other', label: 'Otro…' }, { id: '_skip', label: 'Omitir' }], 'es');
    const [select, skip] = elementsOf(m);
    expect(select?.type).toBe('static_select');
    expect(select?.placeholder?.text).toBe('Elige una respuesta');
    // "Other" is an answer: an option of the select.
    expect(select?.options?.map((o) => o.value)).toEqual([...options(11).map((o) => `42:${o.id}`), '42:_other']);
    expect(skip?.value).toBe('42:_skip');
    expectWithinSlackLimits(m);
  });

  it('several answers: checkboxes with the picks ticked under their plain labels, Done and Skip as buttons', () => {
    const m = question('checkbox', [
      { id: 'parking', label: 'Less parking' },
      { id: 'buses', label: '✓ Bus stops and buses' },
      { id: '_other', label: '✓ Other: Snow clearing' },
      { id: '_done', label: 'Done' },
      { id: '_skip', label: 'Skip' },
    ]);
    const [boxes, done, skip] = elementsOf(m);
    expect(boxes?.type).toBe('checkboxes');
    expect(boxes?.options?.map((o) => o.text.text)).toEqual(['Less parking', 'Bus stops and buses', 'Other: Snow clearing']);
    expect(boxes?.initial_options?.map((o) => o.value)).toEqual(['42:buses', '42:_other']);
    expect([done?.value, skip?.value]).toEqual(['42:_done', '42:_skip']);
    expectWithinSlackLimits(m);
  });

  it('several answers of more than 10: a multi-select keeping the picks; past 100 options, buttons', () => {
    const picked = options(30).map((o, i) => (i === 3 ? { ...o, label: `✓ ${o.label}` } : o));
    const m = question('checkbox', [...picked, { id: '_done', label: 'Done' }]);
    const [multi] = elementsOf(m);
    expect(multi?.type).toBe('multi_static_select');
    expect(multi?.placeholder?.text).toBe('Choose your answers');
    expect(multi?.initial_options?.map((o) => o.text.text)).toEqual(['Option 4']);
    expectWithinSlackLimits(m);
    expect(elementsOf(question('radio', options(101))).every((e) => e.type === 'button')).toBe(true);
  });

  it('a label longer than an option allows goes on in the option\'s description, cut at a word', () => {
    const long = 'Along the river path, off the road and shared with people walking, jogging and pushing prams, lit at night';
    const m = question('radio', [{ id: 'river', label: long }, { id: 'road', label: 'On the road' }]);
    const [radio] = elementsOf(m);
    const option = radio?.options?.[0];
    expect(`${option?.text.text} ${option?.description?.text}`).toBe(long);
    expectWithinSlackLimits(m);
  });

  it('menus, yes/no and scales stay buttons, as before', () => {
    for (const control of [undefined, 'scale'] as const) {
      const m = question(control, options(5));
      expect(actionsOf(m)).toEqual([
        {
          type: 'actions',
          block_id: 'wegov_q:42:0',
          elements: options(5).map((o, n) => ({ type: 'button', action_id: `wegov_choice:${n}`, text: { type: 'plain_text', text: o.label }, value: `42:${o.id}` })),
        },
      ]);
    }
  });
});
