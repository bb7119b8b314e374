import { z } from 'zod';
import { reportDuplicates } from './schema-checks';
import { always, code, phoneNumber, slug } from './schema-primitives';
import { keywordMap, localizedText, type SchemaContext } from './schema-text';

const LIST_DATATYPES: readonly string[] = ['singlevaluelist', 'multivaluelist'];

/** An Open311 attribute: one extra question for a category. */
function attributeSchema(ctx: SchemaContext) {
  const value = z.strictObject({ key: code, name: localizedText(ctx) });
  return z
    .strictObject({
      code: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, _, . or -'),
      datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
      variable: z.boolean().default(true),
      required: z.boolean().default(false),
      order: z.number().int().min(0).optional(),
      description: localizedText(ctx),
      datatype_description: localizedText(ctx).optional(),
      values: z
        .array(value)
        .superRefine((values: unknown, refine) => reportDuplicates(refine, [], values, 'key', 'key'), always)
        .optional(),
    })
    .superRefine((attribute, refine) => {
      const isList = LIST_DATATYPES.includes(attribute.datatype);
      if (isList && (attribute.values === undefined || attribute.values.length === 0)) {
        refine.addIssue({ code: 'custom', path: ['values'], message: `required for datatype ${attribute.datatype}` });
      }
      if (!isList && attribute.values !== undefined) {
        refine.addIssue({ code: 'custom', path: ['values'], message: `only for singlevaluelist and multivaluelist, not ${attribute.datatype}` });
      }
      if (!attribute.variable && attribute.required) {
        refine.addIssue({ code: 'custom', path: ['required'], message: 'an informational attribute (variable: false) takes no answer, so it cannot be required' });
      }
    });
}

/** One kind of report (an Open311 service), with its questions. */
export function categorySchema(ctx: SchemaContext) {
  const emergency = z.union([z.boolean(), z.strictObject({ number: phoneNumber.optional(), message: localizedText(ctx).optional() })], {
    error: 'expected true, or a mapping with number and/or message',
  });
  return z
    .strictObject({
      id: slug,
      service_code: code,
      name: localizedText(ctx),
      description: localizedText(ctx).optional(),
      group: slug.optional(),
      agency: slug,
      keywords: keywordMap(ctx).default({}),
      examples: keywordMap(ctx).default({}),
      attributes: z
        .array(attributeSchema(ctx))
        .superRefine((attributes: unknown, refine) => reportDuplicates(refine, [], attributes, 'code', 'attribute code'), always)
        .default([]),
      photo: z.enum(['required', 'optional', 'none']).default('optional'),
      anonymous_allowed: z.boolean().default(true),
      emergency: emergency.optional(),
    })
    .superRefine((category, refine) => {
      if (category.emergency !== undefined && category.emergency !== false && category.attributes.length > 0) {
        const message = 'an emergency category takes no report, so its attributes would never be asked; remove them or the emergency';
        refine.addIssue({ code: 'custom', path: ['attributes'], message });
      }
    });
}
