/**
 * What the adoption tests on the run's shared Redis share: a copy of the demo catalogue whose
 * assets are the test's own (other files adopt the demo's drains at the same time), optionally
 * with the agencies' webhooks; and adopting one asset in the web chat by sharing a pin at it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import { createSession, say, type ChatSession } from '../../server/harness';
import { writeDemoCatalogCopy } from '../../support/demo-catalog-copy';

const DEMO = path.join(__dirname, '../../../config/demo-city.yaml');

export interface TestAsset {
  id: string;
  type: string;
  agency: string;
  lat: number;
  lon: number;
  /** The demo city offers French too: without `fr`, the English name stands in (tests that never show French names). */
  name: { en: string; es: string; ar: string; fr?: string };
}

/**
 * The demo city with `assets` instead of its own (the demo's are the last lines of the file), and
 * with a webhook (secret in env `secretEnv`) beside the file sink of every agency when `hook` is set.
 */
export function catalogueWith(assets: readonly TestAsset[], hook?: { url: string; secretEnv: string }): string {
  const demo = fs.readFileSync(DEMO, 'utf8');
  const at = demo.indexOf('\n  assets:\n');
  if (at < 0) throw new Error('demo-city.yaml changed shape: volunteering.assets not found');
  const lines = assets.map((a) => `    - ${JSON.stringify({ id: a.id, type: a.type, agency: a.agency, lat: a.lat, lon: a.lon, name: { ...a.name, fr: a.name.fr ?? a.name.en } })}`);
  let yaml = `${demo.slice(0, at)}\n  assets:\n${lines.join('\n')}\n`;
  if (hook) {
    const sinks = `    sinks:\n      - type: file\n      - type: webhook\n        url: ${hook.url}\n        secret_env: ${hook.secretEnv}\n`;
    const replaced = yaml.replaceAll('    sinks:\n      - type: file\n', sinks);
    if (replaced === yaml) throw new Error('demo-city.yaml changed shape: agency sinks not found');
    yaml = replaced;
  }
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wegov-adopt-cat-')), 'city.yaml');
  writeDemoCatalogCopy(file, yaml);
  return file;
}

/** Adopts `asset` in a new web chat conversation of `participant` (a pin right at it, then its id). */
export async function adoptIn(app: Express, participant: string, locale: string, asset: Pick<TestAsset, 'id' | 'lat' | 'lon'>, name?: string): Promise<ChatSession> {
  const s = await createSession(app, { locale, start: 'adopt', participant });
  await say(app, s, { choice: 'near' });
  const listed = (await say(app, s, { location: { lat: asset.lat, lon: asset.lon } })).at(-1);
  if (!listed?.choices?.some((c) => c.id === asset.id)) throw new Error(`${asset.id} is not among the nearest free assets: ${JSON.stringify(listed)}`);
  await say(app, s, { choice: asset.id });
  await say(app, s, name ? { text: name } : { choice: '_skip' });
  const done = await say(app, s, { choice: 'yes' });
  // "It's yours" and the menu; "someone just adopted it" lists the nearest free ones again.
  if (!done.at(-1)?.choices?.some((c) => c.id === 'adopt')) throw new Error(`not adopted: ${JSON.stringify(done)}`);
  return s;
}
