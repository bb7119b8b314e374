/**
 * Consent records: what a person agreed to (or declined), in which wording, when, on which
 * channel, and whether they withdrew it later. The session keeps one record per answer to a
 * consent question, so "my data" can show it and a withdrawal can be proved and passed on.
 *
 * A wording is named by its locale key and a version number that is bumped whenever the text
 * changes in any language (test/privacy/consent-wording.test.ts fails on a change without a
 * bump), so the record says exactly which sentence the person saw.
 */
import { z } from 'zod';

/** Why the consent was asked. Today only the report's contact question asks for consent. */
export type ConsentPurpose = 'contact_and_share';

/** A consent wording: the locale key of the text the person saw and that text's version. */
export interface ConsentWording {
  key: string;
  version: number;
}

/** One answer to a consent question. */
export interface ConsentRecord {
  purpose: ConsentPurpose;
  wording: ConsentWording;
  /** The language the wording was shown in. */
  locale: string;
  /** The channel the answer came from (`webchat`, `telegram`, `slack`, ...). */
  channel: string;
  /** When the answer was given (ISO time), whether it was a yes or a no. */
  givenAt: string;
  answer: 'given' | 'declined';
  /** The agency the consent was about (it receives the details). */
  agencyId?: string;
  /** The report the answer belongs to, once that report is sent. */
  reference?: string;
  /** When the person withdrew a given consent (ISO time). */
  withdrawnAt?: string;
}

/** The stored shape (sessions are validated on load: src/engine/session-schema.ts). */
export const consentRecordSchema = z.object({
  purpose: z.literal('contact_and_share'),
  wording: z.object({ key: z.string(), version: z.number().int() }),
  locale: z.string(),
  channel: z.string(),
  givenAt: z.string(),
  answer: z.enum(['given', 'declined']),
  agencyId: z.string().optional(),
  reference: z.string().optional(),
  withdrawnAt: z.string().optional(),
});

/** A given consent that still holds (not withdrawn). */
export function isActiveConsent(record: ConsentRecord): boolean {
  return record.answer === 'given' && record.withdrawnAt === undefined;
}
