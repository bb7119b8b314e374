/**
 * Golden transcripts: one JSON file per conversation in test/dialogs/transcripts/. Each file
 * lists the inputs; the recorded turns hold the exact events `step` returned and, for
 * review, the messages as rendered. `npm run test:update-transcripts` rewrites the recorded
 * turns from the current code: read the diff before committing it.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Consultation, Opportunity } from '../../src/catalog/types';
import type { Json } from '../../src/engine/json';
import { runEffects, type EffectHandlers } from '../../src/runtime/effects';
import { newSession, type Input, type Session } from '../../src/engine';
import { engine, step } from '../../dialogs';
import { createGeocoder } from '../../src/geo/from-config';
import { withGeocoded } from '../../src/runtime/geocoding';
import { steppingClock, testEnv } from '../support/engine-env';

interface Turn {
  input: Input;
  echo?: string;
  events: unknown[];
  rendered: string[];
}

interface Transcript {
  description: string;
  locale: string;
  /** Consultations added to the demo city's, from test/dialogs/fixtures/<name>.json (already normalised). */
  consultations?: string[];
  /** Volunteering opportunities added to the demo city's, from test/dialogs/fixtures/<name>.json (already normalised). */
  opportunities?: string[];
  /**
   * What the runtime answers to effects the flows request (src/runtime/effects.ts), by effect
   * name, in order: e.g. `{ "volunteer.sign_up": [{ "outcome": "confirmed", "volunteer": "v1" }] }`.
   */
  effects?: Record<string, Json[]>;
  /** When the conversation starts (ISO; the clock moves a second per read), e.g. a Monday morning; default 2026-11-26T15:00:00Z. */
  now?: string;
  inputs: Input[];
  turns?: Turn[];
  finalSession?: Session;
}

const dir = path.join(__dirname, 'transcripts');
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const update = process.env.UPDATE_TRANSCRIPTS === '1';

async function play(t: Transcript): Promise<{ turns: Turn[]; finalSession: Session; missing: string[] }> {
  const base = await testEnv();
  const extra = (t.consultations ?? []).map((name) => JSON.parse(readFileSync(path.join(__dirname, 'fixtures', `${name}.json`), 'utf8')) as Consultation);
  // A fixed public address, so the links dialogs give (a consultation's results page) show as people see them.
  const opportunities = (t.opportunities ?? []).map((name) => JSON.parse(readFileSync(path.join(__dirname, 'fixtures', `${name}.json`), 'utf8')) as Opportunity);
  const env = {
    ...base.env,
    ...(t.now !== undefined ? { now: steppingClock(t.now) } : {}),
    publicUrl: 'https://wegov.example.org',
    catalog: { ...base.env.catalog, consultations: [...base.env.catalog.consultations, ...extra], opportunities: [...base.env.catalog.opportunities, ...opportunities] },
  };
  // The runtime's effects, answered from the transcript (in order, per effect).
  const queued = Object.fromEntries(Object.entries(t.effects ?? {}).map(([k, v]) => [k, [...v]]));
  const handlers: EffectHandlers = Object.fromEntries(Object.keys(queued).map((name) => [name, async () => ({ result: queued[name]!.shift() ?? { outcome: 'unavailable' } })]));
  const { i18n } = base;
  const geocoder = createGeocoder(env.catalog.jurisdiction.geocoder, { boundary: env.catalog.jurisdiction.boundary, defaultLocale: env.catalog.jurisdiction.defaultLocale });
  let session = newSession({ id: 'conv-1', channel: 'test', locale: t.locale, now: env.now() });
  const turns: Turn[] = [];
  for (const input of t.inputs) {
    // A typed place is looked up as the runtime does (src/runtime/geocoding.ts), in the demo city's gazetteer.
    // (On a clock that stands still: the stepping clock would otherwise move for the lookup's own reads.)
    const { geocoded } = await withGeocoded({ engine, geocoder }, session, input, { ...env, now: () => new Date(0) });
    const looked = geocoded ? { ...env, geocoded } : env;
    const { stepped: result } = await runEffects({ step }, env, handlers, step(session, input, looked), { person: 'person-1', conversationId: 'conv-1' });
    session = result.session;
    const rendered = result.events.flatMap((e) => {
      if (e.type !== 'message_sent') return [];
      const m = i18n.renderMessage(e.message, session.locale);
      const choices = m.choices ? `\n  [${m.choices.map((c) => `${c.id}: ${c.label}`).join(' | ')}]` : '';
      return [`${m.text}${choices}\n  (expects ${m.expects}${m.multiple ? ', multiple' : ''}${m.control ? `, ${m.control}` : ''})`];
    });
    turns.push({
      input,
      ...(result.echo ? { echo: i18n.renderText(result.echo, session.locale) } : {}),
      events: result.events,
      rendered,
    });
  }
  return { turns, finalSession: session, missing: i18n.missingKeys() };
}

describe('dialog transcripts', () => {
  it('has transcripts', () => expect(files.length).toBeGreaterThan(5));

  it.each(files)('%s', async (file) => {
    const full = path.join(dir, file);
    const transcript = JSON.parse(readFileSync(full, 'utf8')) as Transcript;
    const { turns, finalSession, missing } = await play(transcript);
    expect(missing).toEqual([]);
    if (update || !transcript.turns) {
      const { description, locale, consultations, opportunities, effects, now, inputs } = transcript;
      const setup = { ...(consultations ? { consultations } : {}), ...(opportunities ? { opportunities } : {}), ...(effects ? { effects } : {}), ...(now !== undefined ? { now } : {}) };
      writeFileSync(full, `${JSON.stringify({ description, locale, ...setup, inputs, turns, finalSession }, null, 2)}\n`);
      return;
    }
    expect(JSON.parse(JSON.stringify(turns))).toEqual(transcript.turns);
    expect(JSON.parse(JSON.stringify(finalSession))).toEqual(transcript.finalSession);
  });
});
