import fs from 'node:fs';
import path from 'node:path';
import { mapOpen311Services, renderCatalogue, renderFragment } from '../catalog/open311-import';
import { fetchOpen311Catalogue, open311Base, Open311ServicesError, type ServicesClientOptions } from '../sinks/open311/services';

export const OPEN311_IMPORT_USAGE = `Usage: wegov open311:import <url> [--agency <id>] [--locale <tag>] [--jurisdiction <id>] [--out <new file>]

Reads <url>/services.json and each service definition (GeoReport v2) and prints the groups and
categories in the catalogue format. --agency routes them to an agency of your catalogue
(default: a new agency "imported" with an Open311 sink to <url>); --locale names the language
of the agency's texts (default: en); --out writes a whole catalogue to a new file instead, with
a placeholder jurisdiction you must edit.`;

export interface CliIo {
  out(text: string): void;
  err(line: string): void;
}

/** `wegov open311:import`; resolves to the exit code. */
export async function runOpen311Import(args: readonly string[], io: CliIo, client: ServicesClientOptions = {}): Promise<number> {
  const parsed = parseArgs(args);
  if ('error' in parsed) {
    io.err(`${parsed.error}\n\n${OPEN311_IMPORT_USAGE}`);
    return 2;
  }
  const { url, agency = 'imported', locale = 'en', out, jurisdiction } = parsed;
  if (out !== undefined && fs.existsSync(out)) {
    io.err(`${out} already exists: not overwriting it. Omit --out to print the categories to add to it.`);
    return 1;
  }
  let fetched;
  try {
    fetched = await fetchOpen311Catalogue(url, { ...client, ...(jurisdiction ? { jurisdictionId: jurisdiction } : {}) });
  } catch (error) {
    if (error instanceof Open311ServicesError) {
      io.err(`open311:import: ${error.message}`);
      return 1;
    }
    throw error;
  }
  const result = mapOpen311Services(fetched.services, fetched.definitions, { agency, locale });
  for (const w of result.warnings) io.err(`warning: ${w}`);
  const base = open311Base(url);
  const agencyEntry = {
    id: agency,
    name: { [locale]: agency === 'imported' ? 'Imported agency (rename me)' : agency },
    sinks: [{ type: 'open311', endpoint: base, ...(jurisdiction ? { jurisdiction_id: jurisdiction } : {}) }],
  };
  if (out !== undefined) {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, renderCatalogue(result, base, agencyEntry, locale), { flag: 'wx' });
    io.err(`wrote ${result.categories.length} categories to ${out}; edit its jurisdiction, then run: wegov check-config ${out}`);
    return 0;
  }
  io.out(renderFragment(result, base, parsed.agency === undefined ? agencyEntry : undefined));
  io.err(`${result.categories.length} categories imported`);
  return 0;
}

type Parsed = { url: string; agency?: string; locale?: string; out?: string; jurisdiction?: string } | { error: string };

function parseArgs(args: readonly string[]): Parsed {
  const flags: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const m = /^--(agency|locale|out|jurisdiction)(?:=(.*))?$/.exec(a);
    if (m) {
      const value = m[2] ?? args[++i];
      if (value === undefined || value === '') return { error: `${a} needs a value` };
      flags[m[1]!] = value;
    } else if (a.startsWith('--')) return { error: `unknown option ${a}` };
    else positional.push(a);
  }
  if (positional.length !== 1) return { error: 'expected one <url>' };
  if (flags.agency !== undefined && !/^[a-z0-9][a-z0-9_-]{0,39}$/.test(flags.agency)) {
    return { error: '--agency must be 1-40 lowercase letters, digits, - or _' };
  }
  if (flags.locale !== undefined && !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(flags.locale)) return { error: '--locale must be a tag like en or pt-BR' };
  return {
    url: positional[0]!,
    ...(flags.agency ? { agency: flags.agency } : {}),
    ...(flags.locale ? { locale: flags.locale } : {}),
    ...(flags.out ? { out: path.resolve(flags.out) } : {}),
    ...(flags.jurisdiction ? { jurisdiction: flags.jurisdiction } : {}),
  };
}
