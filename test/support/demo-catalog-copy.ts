/**
 * Tests that start WeGov with a changed copy of the demo city write it to a temporary folder.
 * The demo catalogue names files beside it (its gazetteer, `geocoder: { file: demo-gazetteer.csv }`,
 * read relative to the catalogue): this writes the copy and puts those files next to it.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const CONFIG = path.join(__dirname, '..', '..', 'config');

/** The files config/demo-city.yaml reads relative to itself. */
export const DEMO_SIDE_FILES = ['demo-gazetteer.csv'] as const;

/** Writes `text` (the demo catalogue, changed) to `file`, with the demo's side files beside it. */
export function writeDemoCatalogCopy(file: string, text: string): void {
  writeFileSync(file, text);
  for (const name of DEMO_SIDE_FILES) copyFileSync(path.join(CONFIG, name), path.join(path.dirname(file), name));
}
