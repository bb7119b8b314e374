import { z } from 'zod';

/** Ids are strings in WeGov: agencies send `293944` or `"293944"`; both become `"293944"`. */
export const open311Id = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .pipe(z.string().min(1).max(200));

const optionalText = z
  .string()
  .nullish()
  .transform((v) => (v == null || v === '' ? undefined : v));

/** One element of the `POST requests.json` answer: a case id, or a token to resolve later. */
export const postReplyItem = z.object({
  service_request_id: open311Id.nullish(),
  token: open311Id.nullish(),
  service_notice: optionalText,
});

/** `POST requests.json` answers an array with one element (GeoReport v2 JSON). */
export const postReply = z.array(postReplyItem).min(1);

/** `GET tokens/{token}.json`: `[{ service_request_id, token }]`, the id absent until resolved. */
export const tokenReply = z.array(
  z.object({
    service_request_id: open311Id.nullish(),
    token: open311Id.nullish(),
  }),
);

/** One service request of `GET requests.json`; only the fields WeGov reads. */
export const serviceRequestItem = z.object({
  service_request_id: open311Id,
  status: z
    .string()
    .transform((s) => s.trim().toLowerCase())
    .pipe(z.enum(['open', 'closed'])),
  status_notes: optionalText,
  updated_datetime: optionalText,
});

export const serviceRequestsReply = z.array(serviceRequestItem);

/** `GET requests.json?service_code=…&start_date=…` items: the id and the description to match. */
export const searchReply = z.array(
  z.object({
    service_request_id: open311Id,
    description: optionalText,
  }),
);

/** The GeoReport v2 error array sent with a 4xx/5xx: `[{ "code": 400, "description": "…" }]`. */
export const errorArray = z.array(
  z.object({
    code: z.union([z.string(), z.number()]).transform(String),
    description: z.string(),
  }),
);
