/**
 * A validated consultation (file shape, snake_case) -> the `Consultation` the code uses:
 * camelCase, defaults made explicit (required, multiple-choice min/max), a single string
 * becomes `{ [defaultLocale]: text }`, the area's boundary becomes MultiPolygon-style. An area
 * naming a district becomes that district's name and boundary (and keeps its id), the same
 * shape as an inline area, so the dialogs never see the difference.
 */
import type { Condition, Consultation, ConsultationArea, ConsultationAudience, Question, QuestionOption } from './consultation-types';
import type { LocalizedText } from './basic-types';
import { toBoundary } from './schema-boundary';
import type { ConsultationFile } from './schema-consultation';
import type { AreaFile } from './schema-consultation-area';
import type { District } from './types';
import type { QuestionFile } from './schema-question';

type Text = string | { [locale: string]: string };
type ToText = (value: Text) => LocalizedText;

/**
 * The consultation the code uses. `districts` are the jurisdiction's, normalised; validation has
 * already refused an area naming any other (see schema-consultation-area.ts).
 */
export function normalizeConsultation(c: ConsultationFile, defaultLocale: string, districts: readonly District[] = []): Consultation {
  const text: ToText = (value) => (typeof value === 'string' ? { [defaultLocale]: value } : { ...value });
  const consultation: Consultation = {
    id: c.id,
    title: text(c.title),
    intro: text(c.intro),
    agency: c.agency,
    opensAt: c.opens_at,
    closesAt: c.closes_at,
    audience: toAudience(c.audience),
    results: c.results,
    publicExamples: c.public_examples,
    questions: c.questions.map((q) => toQuestion(q, text)),
  };
  if (c.area !== undefined) consultation.area = toArea(c.area, text, districts);
  return consultation;
}

function toArea(area: AreaFile, text: ToText, districts: readonly District[]): ConsultationArea {
  if (!('district' in area)) return { name: text(area.name), boundary: toBoundary(area.boundary) };
  const district = districts.find((d) => d.id === area.district);
  // A programming error, not a configuration one: the schema reports unknown districts with their line.
  if (district === undefined) throw new Error(`normalizeConsultation: unknown district '${area.district}' (validate the catalogue first)`);
  // A copy: the catalogue's district and the consultation's area share nothing.
  return { name: { ...district.name }, boundary: structuredClone(district.boundary), districtId: district.id };
}

function toAudience(audience: ConsultationFile['audience']): ConsultationAudience {
  if (audience === 'public') return { kind: 'public' };
  if (audience === 'staff') return { kind: 'staff' };
  const { slack_channels: channels, slack_users: users } = audience.staff;
  return { kind: 'staff', ...(channels === undefined ? {} : { slackChannels: [...channels] }), ...(users === undefined ? {} : { slackUsers: [...users] }) };
}

/** One question as the code uses it (volunteering sign-up questions use it too). */
export function toQuestion(q: QuestionFile, text: ToText): Question {
  const base = {
    id: q.id,
    text: text(q.text),
    ...(q.help === undefined ? {} : { help: text(q.help) }),
    required: q.type === 'statement' ? false : (q.required ?? true),
    ...(q.condition === undefined ? {} : { condition: copyCondition(q.condition) }),
  };
  const options = (list: { id: string; label: Text }[]): QuestionOption[] => list.map((o) => ({ id: o.id, label: text(o.label) }));
  switch (q.type) {
    case 'single_choice':
      return { ...base, type: q.type, options: options(q.options), other: q.other };
    case 'multiple_choice':
      return { ...base, type: q.type, options: options(q.options), min: q.min ?? 1, max: q.max ?? q.options.length, other: q.other };
    case 'scale':
      return {
        ...base,
        type: q.type,
        min: q.min,
        max: q.max,
        ...(q.min_label === undefined ? {} : { minLabel: text(q.min_label) }),
        ...(q.max_label === undefined ? {} : { maxLabel: text(q.max_label) }),
      };
    case 'number':
      return {
        ...base,
        type: q.type,
        integer: q.integer,
        ...(q.min === undefined ? {} : { min: q.min }),
        ...(q.max === undefined ? {} : { max: q.max }),
        ...(q.unit === undefined ? {} : { unit: text(q.unit) }),
      };
    case 'short_text':
    case 'long_text':
      return { ...base, type: q.type, maxChars: q.max_chars };
    case 'ranking':
      return { ...base, type: q.type, options: options(q.options), ...(q.pick === undefined ? {} : { pick: q.pick }) };
    case 'yes_no':
    case 'location':
    case 'statement':
      return { ...base, type: q.type };
  }
}

/** A deep copy, so the catalogue shares nothing with the parsed file. */
function copyCondition(c: Condition): Condition {
  if ('all' in c) return { all: c.all.map(copyCondition) };
  if ('any' in c) return { any: c.any.map(copyCondition) };
  return { ...c };
}
