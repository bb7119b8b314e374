import type { StepDef } from './flow';
import type { Json } from './json';
import { formatDatetime } from './prompts/datetime';
import { isOtherAnswer } from './prompts/other';
import { lit, t, type Text } from './text';

function isObject(v: Json): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Joins catalogue labels with the locale's list separator ("a, b" / "a، b"). */
function joinLabels(labels: Text[], locale: string): Text {
  if (labels.every((l) => 'literal' in l)) {
    const texts = labels.map((l) => ('literal' in l ? l.literal : ''));
    return lit(new Intl.ListFormat(locale, { type: 'unit', style: 'short' }).format(texts));
  }
  return t('summary.list', { count: labels.length });
}

/** How an answer reads back to the person (review step, "current answer", echo). */
export function describeAnswer(step: StepDef, value: Json, locale: string): Text {
  const prompt = step.prompt;
  if (prompt.kind === 'statement') return t('summary.statement');
  if (value === null) return t('summary.skipped');
  switch (prompt.kind) {
    case 'choice': {
      const items = Array.isArray(value) ? value : [value];
      const other = items.find(isOtherAnswer);
      const labels = items.filter((v) => !isOtherAnswer(v)).map((id) => prompt.choices.find((c) => c.id === id)?.label ?? lit(String(id)));
      const list = labels.length === 1 && labels[0] ? labels[0] : joinLabels(labels, locale);
      if (!other) return list;
      return labels.length === 0 ? t('summary.other', { text: other.other }) : t('summary.with_other_text', { list, text: other.other });
    }
    case 'ranking': {
      const ids = Array.isArray(value) ? value : [value];
      const labels = ids.map((id) => prompt.options.find((o) => o.id === id)?.label ?? lit(String(id)));
      const number = new Intl.NumberFormat(locale);
      if (labels.every((l) => 'literal' in l)) return joinLabels(labels.map((l, i) => lit(`${number.format(i + 1)}. ${'literal' in l ? l.literal : ''}`)), locale);
      return joinLabels(labels, locale);
    }
    case 'scale':
      return t('summary.scale', { value: new Intl.NumberFormat(locale).format(Number(value)), max: new Intl.NumberFormat(locale).format(prompt.max) });
    case 'yesno':
      return t(value === true ? 'choices.yes' : 'choices.no');
    case 'location':
      if (isObject(value) && typeof value.address === 'string') return lit(value.address);
      if (isObject(value) && typeof value.lat === 'number' && typeof value.lon === 'number') {
        return t('summary.pin', { lat: value.lat.toFixed(5), lon: value.lon.toFixed(5) });
      }
      return lit(JSON.stringify(value));
    case 'photo':
      return t('summary.photo_attached');
    case 'datetime':
      return typeof value === 'string' ? lit(formatDatetime(value, locale, prompt.timezone)) : lit(String(value));
    case 'number': {
      const number = new Intl.NumberFormat(locale).format(Number(value));
      return prompt.unit ? t('summary.number_unit', { number, unit: prompt.unit }) : lit(number);
    }
    case 'text':
    case 'review':
      return lit(String(value));
  }
}
