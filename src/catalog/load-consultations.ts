/**
 * `consultations_dir`: a folder of YAML files, one consultation each, next to the catalogue
 * (an agency can own its file, and a new consultation is a new file, not an edit of the city's
 * catalogue). Each file is parsed by yaml.ts (alias limits) and validated like a
 * `consultations:` entry; its problems name that file, with lines. Files are read in name
 * order (`*.yaml`, `*.yml`; hidden files and subfolders are ignored).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { CatalogIssue } from './errors';
import { consultationSchema, type ConsultationFile } from './schema-consultation';
import type { SchemaContext } from './schema-text';
import { validateParsed } from './validate-parsed';
import { parseYaml } from './yaml';

/** A consultation file is a few kilobytes; a larger one is a mistake (or an attack on start-up). */
export const MAX_CONSULTATION_FILE_BYTES = 256 * 1024;
/** Far more than a city runs at once. */
export const MAX_CONSULTATION_FILES = 200;

/** What the folder gave: the valid consultations (with their files), or problems. */
export interface DirConsultations {
  consultations: { file: string; consultation: ConsultationFile }[];
  /** Problems of the folder itself have no `file` (they belong to `consultations_dir`). */
  issues: CatalogIssue[];
}

/**
 * Reads every consultation file of `dir` (as written in the catalogue, relative to it).
 * `takenIds` maps each consultation id already defined to where (for duplicate messages).
 */
export function loadConsultationsDir(catalogSource: string, dir: string, ctx: SchemaContext, takenIds: Map<string, string>): DirConsultations {
  const folder = path.join(path.dirname(catalogSource), dir);
  const names = listYaml(folder);
  if (!names.ok) return { consultations: [], issues: [{ path: 'consultations_dir', message: names.message }] };
  if (names.files.length > MAX_CONSULTATION_FILES) {
    const message = `${folder} has ${String(names.files.length)} consultation files; at most ${String(MAX_CONSULTATION_FILES)} are read`;
    return { consultations: [], issues: [{ path: 'consultations_dir', message }] };
  }
  const out: DirConsultations = { consultations: [], issues: [] };
  const schema = consultationSchema(ctx);
  for (const name of names.files) {
    const file = path.join(folder, name);
    const issues = (list: CatalogIssue[]): void => void out.issues.push(...list.map((i) => ({ ...i, file })));
    const size = statSync(file).size;
    if (size > MAX_CONSULTATION_FILE_BYTES) {
      issues([{ path: '(file)', message: `the file has ${String(size)} bytes; a consultation file may have at most ${String(MAX_CONSULTATION_FILE_BYTES)}` }]);
      continue;
    }
    const parsed = parseYaml(readFileSync(file, 'utf8'));
    if (!parsed.ok) {
      issues(parsed.issues);
      continue;
    }
    if (parsed.value === null || parsed.value === undefined) {
      issues([{ path: '(root)', message: 'the file is empty: it needs one consultation (id, title, intro, agency, ...)' }]);
      continue;
    }
    const result = validateParsed(schema, parsed);
    if (!result.ok) {
      issues(result.issues);
      continue;
    }
    const { id } = result.data;
    const where = takenIds.get(id);
    if (where !== undefined) {
      const line = parsed.lineOf(['id']);
      issues([{ path: 'id', message: `duplicate consultation id '${id}' (also in ${where})`, ...(line === undefined ? {} : { line }) }]);
      continue;
    }
    takenIds.set(id, file);
    out.consultations.push({ file, consultation: result.data });
  }
  return out;
}

function listYaml(folder: string): { ok: true; files: string[] } | { ok: false; message: string } {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'error';
    const reason = code === 'ENOENT' ? 'not found' : code === 'ENOTDIR' ? 'not a folder' : code;
    return { ok: false, message: `cannot read the folder ${folder}: ${reason}` };
  }
  const files = entries
    .filter((e) => e.isFile() && !e.name.startsWith('.') && /\.ya?ml$/.test(e.name))
    .map((e) => e.name)
    .sort();
  return { ok: true, files };
}
