/**
 * Validates parsed YAML against a schema and turns zod's issues into catalogue issues: the
 * operator's wording (issues.ts), the path as text, and the line in the file, in file order.
 * Shared by the catalogue file and each file of `consultations_dir`.
 */
import type { z } from 'zod';
import type { CatalogIssue } from './errors';
import { createIssueTranslator, formatPath } from './issues';
import type { ParsedYaml } from './yaml';

/** The valid value, or every problem with its line. */
export type Validated<T> = { ok: true; data: T } | { ok: false; issues: CatalogIssue[] };

/** Runs `schema` on the parsed file's value. */
export function validateParsed<S extends z.ZodType>(schema: S, parsed: Extract<ParsedYaml, { ok: true }>): Validated<z.output<S>> {
  const translator = createIssueTranslator();
  const result = schema.safeParse(parsed.value, { error: translator.errorMap, reportInput: true });
  if (result.success) return { ok: true, data: result.data };
  const issues = translator.translate(result.error.issues).map(({ path, message }): CatalogIssue => {
    const line = parsed.lineOf(path);
    return line === undefined ? { path: formatPath(path), message } : { path: formatPath(path), message, line };
  });
  // In file order, so an operator can fix them top to bottom (Array#sort is stable).
  issues.sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
  return { ok: false, issues };
}
