/**
 * Rewriting the submissions file in place, for "delete my data" and retention: each line is
 * passed to a transform (kept, changed or dropped), the photos of changed lines that no longer
 * list them are deleted, and the new file replaces the old one atomically (a temporary file in
 * the same folder, then rename), owner-only like the original. Lines that do not parse are kept
 * as they are: a rewrite never loses what it does not understand.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { belongsTo, ERASED, redactContact, redactSubmission, type ErasureRequest } from '../privacy/erasure-request';
import type { Submission } from '../state/types';
import type { JsonlLine } from './jsonl-line';

/** What to do with one line: keep it (maybe changed) or drop it. */
export type LineTransform = (line: JsonlLine) => JsonlLine | null;

/** Counts of a rewrite, for logs and tests. */
export interface RewriteResult {
  changed: number;
  dropped: number;
  photosDeleted: number;
}

/**
 * Applies `transform` to every line of `file`; `mediaRoot` is the folder the lines' `files`
 * are relative to. A missing file is an empty one. Callers serialise rewrites with appends.
 */
export async function rewriteJsonl(file: string, mediaRoot: string, transform: LineTransform, fileMode: number): Promise<RewriteResult> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { changed: 0, dropped: 0, photosDeleted: 0 };
    throw error;
  }
  const result: RewriteResult = { changed: 0, dropped: 0, photosDeleted: 0 };
  const out: string[] = [];
  const orphaned: string[] = [];
  for (const raw of text.split('\n')) {
    if (raw.length === 0) continue;
    const line = parseLine(raw);
    if (line === null) {
      out.push(raw);
      continue;
    }
    const next = transform(line);
    const kept = new Set((next?.files ?? []).map((f) => f.file));
    for (const f of line.files) if (f.file !== null && !kept.has(f.file)) orphaned.push(f.file);
    if (next === null) result.dropped += 1;
    else {
      const json = JSON.stringify(next);
      if (json !== raw) result.changed += 1;
      out.push(json);
    }
  }
  if (result.changed === 0 && result.dropped === 0) return result;
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  await fs.writeFile(tmp, out.map((l) => `${l}\n`).join(''), { encoding: 'utf8', mode: fileMode });
  await fs.rename(tmp, file);
  for (const relative of orphaned) {
    // Only names the sink wrote itself (media/<id>.<ext>): a tampered line cannot delete elsewhere.
    if (!/^media\/[A-Za-z0-9_-]{1,100}\.[a-z]{3,4}$/.test(relative)) continue;
    try {
      await fs.unlink(path.join(mediaRoot, relative));
      result.photosDeleted += 1;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return result;
}

function parseLine(raw: string): JsonlLine | null {
  try {
    const value = JSON.parse(raw) as unknown;
    if (typeof value !== 'object' || value === null || !Array.isArray((value as JsonlLine).files)) return null;
    return value as JsonlLine;
  } catch {
    return null;
  }
}

/** The erasure transform: the person's lines lose their personal data and their photos (or, for a withdrawn consent, their contact details). */
export function eraseLines(request: ErasureRequest): LineTransform {
  if (request.scope === 'contact') {
    // Consent withdrawn: the person's reports lose their contact details, nothing else.
    return (line) => (belongsTo({ conversationId: '', payload: line.payload }, request) ? { ...line, payload: redactContact(line as unknown as Submission).payload } : line);
  }
  return (line) => {
    if (!belongsTo(line, request)) return line;
    const redacted = redactSubmission({ id: line.id, kind: line.kind, conversationId: line.conversationId, createdAt: line.createdAt, payload: line.payload } as Submission);
    return { ...line, conversationId: ERASED, files: [], payload: redacted.payload, erasedAt: request.requestedAt };
  };
}
