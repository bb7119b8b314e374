import { z } from 'zod';
import type { Report } from '../../engine/report';

/**
 * The parts of a `Report` an Open311 POST needs, checked at the sink: a submission's payload
 * is plain JSON from the outbox, so a malformed one is refused (permanently) rather than sent.
 */
const reportPayload = z.object({
  id: z.string().min(1),
  reference: z.string(),
  serviceCode: z.union([z.string(), z.number()]).transform(String).pipe(z.string().min(1)),
  attributes: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
  location: z.union([
    z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }),
    z.object({ address: z.string().trim().min(1) }),
  ]),
  description: z.string(),
  media: z.array(z.object({ mediaId: z.string(), contentType: z.string(), bytes: z.number() })).default([]),
  contact: z
    .object({
      name: z.string(),
      email: z.string().optional(),
      phone: z.string().optional(),
      consentToContact: z.literal(true),
      consentToShare: z.literal(true),
    })
    .nullable(),
});

/** The payload as a Report, or the zod error explaining why not. */
export function parseReportPayload(payload: unknown): { ok: true; report: Report } | { ok: false; error: z.ZodError } {
  const parsed = reportPayload.safeParse(payload);
  if (!parsed.success) return { ok: false, error: parsed.error };
  // Unchecked fields (channel, locale, …) are not sent to Open311; keep them as they came.
  return { ok: true, report: { ...(payload as Report), ...parsed.data } as Report };
}
