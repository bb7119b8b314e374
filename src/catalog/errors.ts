/** One problem in a catalogue file: where it is and what is wrong. */
export interface CatalogIssue {
  /** Path inside the file, e.g. `categories[3].attributes[0].values`; `(root)` for the whole file. */
  path: string;
  /** Why it is wrong, in words an operator can act on. */
  message: string;
  /** 1-based line in the file where the offending value starts, when known. */
  line?: number;
  /** The file the problem is in, when it is not the catalogue file itself (a `consultations_dir` file). */
  file?: string;
}

/**
 * The catalogue file is unreadable or invalid. Thrown at start, so the process never runs with
 * a half-understood configuration. The message lists every problem, one per line:
 * `<file>: <path>: <reason>`.
 */
export class CatalogError extends Error {
  readonly code = 'catalog_invalid';
  readonly file: string;
  readonly issues: readonly CatalogIssue[];

  constructor(file: string, issues: readonly CatalogIssue[], options?: { cause?: unknown }) {
    super(formatIssues(file, issues), options);
    this.name = 'CatalogError';
    this.file = file;
    this.issues = issues;
  }
}

/**
 * Renders issues as `<file>: <path>: <reason>` lines, with ` (line N)` when the line is known;
 * an issue's own `file` replaces the catalogue's.
 */
export function formatIssues(file: string, issues: readonly CatalogIssue[]): string {
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  const lines = issues.map((i) => `${i.file ?? file}: ${i.path}: ${i.message}${i.line === undefined ? '' : ` (line ${i.line})`}`);
  return [`invalid catalogue ${file} (${count}):`, ...lines].join('\n');
}
