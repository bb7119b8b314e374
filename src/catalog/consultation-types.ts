/**
 * Consultations as the rest of WeGov sees them, after the catalogue has parsed and validated
 * their YAML (src/catalog/schema-consultation.ts). Modelled on Decidim surveys (question types,
 * display conditions, max choices, "other" with text), U-Report polls and CONSUL's open/close
 * dates. Every text is localized in every language the jurisdiction offers.
 */
import type { Boundary, LocalizedText } from './basic-types';

export type ConsultationResults = 'public_live' | 'public_after_close' | 'staff_only';

export type ConsultationAudience =
  | { kind: 'public' }
  /** Slack only; when lists are given, only those channels' members or those users. */
  | { kind: 'staff'; slackChannels?: string[]; slackUsers?: string[] };

export interface QuestionOption {
  /** Stable id within the question (answers are stored by it). */
  id: string;
  label: LocalizedText;
}

interface QuestionBase {
  /** Stable id within the consultation (answers and conditions use it). */
  id: string;
  text: LocalizedText;
  /** A hint shown under the question. */
  help?: LocalizedText;
  /** false: a `_skip` choice is offered. Statements are never required. */
  required: boolean;
  /** Shown only when this holds (Decidim display conditions). */
  condition?: Condition;
}

export type Question = QuestionBase &
  (
    | { type: 'single_choice'; options: QuestionOption[]; other?: boolean }
    | { type: 'multiple_choice'; options: QuestionOption[]; min: number; max: number; other?: boolean }
    | { type: 'scale'; min: 0 | 1; max: 5 | 10; minLabel?: LocalizedText; maxLabel?: LocalizedText }
    | { type: 'yes_no' }
    | { type: 'number'; min?: number; max?: number; integer: boolean; unit?: LocalizedText }
    | { type: 'short_text'; maxChars: number }
    | { type: 'long_text'; maxChars: number }
    /** Order up to 6 options (all of them, or the top `pick`). */
    | { type: 'ranking'; options: QuestionOption[]; pick?: number }
    | { type: 'location' }
    /** Text only, no answer. */
    | { type: 'statement' }
  );

export type QuestionType = Question['type'];

/** A display condition: one test on an earlier question's answer, or a combination. */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { question: string; op: 'answered' | 'not_answered' }
  | { question: string; op: 'equals' | 'not_equals'; value: string }
  /** A regular expression on a text answer (checked linear-time at load). */
  | { question: string; op: 'matches'; pattern: string };

/**
 * Where people must be to take part. Written inline (`{ name, boundary }`) or as one of the
 * jurisdiction's districts (`{ district: <id> }`), which normalisation resolves to the same shape.
 */
export interface ConsultationArea {
  name: LocalizedText;
  boundary: Boundary;
  /** Set when the area is a district of the jurisdiction (results are broken down by it). */
  districtId?: string;
}

export interface Consultation {
  id: string;
  title: LocalizedText;
  intro: LocalizedText;
  /** The owning agency (its sinks receive the responses). */
  agency: string;
  /** ISO instants (the catalogue gives them in the jurisdiction's time zone). */
  opensAt: string;
  closesAt: string;
  audience: ConsultationAudience;
  /** Where people must be to take part: the answer to a location question decides. */
  area?: ConsultationArea;
  results: ConsultationResults;
  /** Free-text answers may be quoted (masked) as theme examples in public results (catalogue `public_examples`, default false). */
  publicExamples?: boolean;
  questions: Question[];
}
