import { z } from 'zod';
import type { ResultKind } from '../../src/engine/module';

export const CONSULTATION_RESPONSE = 'consultation_response';

const answer = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string()), z.object({ other: z.string() }), z.object({ lat: z.number(), lon: z.number() }), z.object({ address: z.string() })]);

/**
 * A response to a consultation as the agency receives it (webhook `consultation.response_submitted`,
 * docs/webhooks/consultation-response-v1.schema.json): answers by question id (option ids,
 * numbers, yes/no, text, a location; `null` when skipped), the language and channel it was
 * given in, the person's pseudonym in this consultation (`participant`, added by the runtime
 * because the result is submitted `once` per person) and, for a changed response, the id of the
 * one it `replaces`. No chat identity and no contact details.
 */
export const consultationResponseSchema = z.strictObject({
  id: z.string().min(1),
  consultationId: z.string().min(1),
  agencyId: z.string().min(1),
  answers: z.record(z.string(), answer),
  locale: z.string(),
  channel: z.string(),
  submittedAt: z.string(),
  participant: z.string().min(1),
  replaces: z.string().min(1).optional(),
});

/** A response as delivered (with the runtime's `participant` and `replaces`). */
export type DeliveredConsultationResponse = z.infer<typeof consultationResponseSchema>;
/** A response as the flow submits it; the runtime adds the rest (src/runtime/once-claims.ts). */
export type ConsultationResponse = Omit<DeliveredConsultationResponse, 'participant' | 'replaces'>;

export const CONSULTATION_RESULT: ResultKind = {
  version: 1,
  schema: consultationResponseSchema,
  webhookEvent: { type: 'consultation.response_submitted', schemaFile: 'consultation-response-v1.schema.json' },
};
