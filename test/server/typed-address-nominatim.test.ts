/**
 * Issue 14, end to end through the web chat HTTP API (the real express app and runtime, memory
 * store) with the demo city's geocoder switched to Nominatim, which is a third-party API (nock):
 * a typed address at the report's location question is looked up, checked against the boundary,
 * said back and stored with its point and words; when Nominatim fails (an HTTP error, then a
 * timeout) the person is told politely, can try again or send a pin, and nothing answered before
 * is lost. (One request a second is the limiter's: test/geo/nominatim.test.ts, on a fake clock.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nock from 'nock';
import type { StoredMessage } from '../../src/state/types';
import { writeDemoCatalogCopy } from '../support/demo-catalog-copy';
import { createSession, eventually, lastQuestion, say, sayLocation, startHarness, submissionLines, type ChatSession, type Harness } from './harness';

const NOMINATIM = 'https://nominatim.example';
const OAK_AVE = [
  { lat: '30.3100', lon: '-97.7697', name: '', display_name: '12, Oak Avenue, North End, Riverside, TX, USA', place_rank: 30, address: { house_number: '12', road: 'Oak Avenue', city: 'Riverside' } },
];
const GAZETTEER = /  geocoder:\n    type: gazetteer\n    file: demo-gazetteer.csv\n/;

function nominatimCity(dir: string): string {
  const demo = fs.readFileSync(path.join(__dirname, '../../config/demo-city.yaml'), 'utf8');
  const changed = demo.replace(GAZETTEER, `  geocoder:\n    type: nominatim\n    url: ${NOMINATIM}\n    email: ops@riverside.example\n    timeout_ms: 500\n`);
  if (changed === demo) throw new Error('demo-city.yaml changed shape: its geocoder block was not found');
  const file = path.join(dir, 'nominatim-city.yaml');
  writeDemoCatalogCopy(file, changed);
  return file;
}

/** Answers the report's questions up to its location question (a pothole, small, not in a bike lane). */
async function toLocation(h: Harness): Promise<{ s: ChatSession; asked: StoredMessage }> {
  const s = await createSession(h.app);
  let q = lastQuestion(await say(h.app, s, { choice: 'report' }));
  for (let guard = 0; guard < 10 && q.expects !== 'location'; guard++) {
    const ids = q.choices?.map((c) => c.id) ?? [];
    const next = ['streets', 'pothole', 'small', 'no'].find((id) => ids.includes(id));
    if (!next) throw new Error(`don't know how to answer: ${JSON.stringify(q)}`);
    q = lastQuestion(await say(h.app, s, { choice: next }));
  }
  return { s, asked: q };
}

describe('a typed address through the web chat API, looked up with Nominatim', () => {
  let h: Harness;
  let dir: string;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wegov-nominatim-'));
    h = await startHarness('memory', { env: { WEGOV_CONFIG: nominatimCity(dir) } });
  });
  afterEach(async () => {
    await h.close();
    fs.rmSync(dir, { recursive: true, force: true });
    nock.cleanAll();
  });

  it('finds the address, says it back, and the report carries its point and the address in words', async () => {
    let query: Record<string, string> | undefined;
    const scope = nock(NOMINATIM)
      .get('/search')
      .query((q) => ((query = q as Record<string, string>), true))
      .reply(200, OAK_AVE);
    const { s, asked } = await toLocation(h);
    expect(asked.text).toContain('Where is it?');
    const found = await say(h.app, s, { text: 'the one outside 12 Oak Ave' });
    expect(found.map((m) => m.text).join('\n')).toContain('📍 Found: 12 Oak Avenue.');
    // Only the address part of what was typed goes to Nominatim, bounded to the city.
    expect(query).toMatchObject({ q: '12 Oak Ave', bounded: '1', format: 'jsonv2', 'accept-language': 'en' });
    scope.done();
    let q = lastQuestion(found);
    for (let guard = 0; guard < 10 && !(q.choices ?? []).some((c) => c.id === '_submit'); guard++) {
      const ids = q.choices?.map((c) => c.id) ?? [];
      q = lastQuestion(await say(h.app, s, ids.includes('anonymous') ? { choice: 'anonymous' } : ids.includes('_skip') ? { choice: '_skip' } : { text: 'A pothole by the kerb.' }));
    }
    expect(q.text).toContain('Location: 12 Oak Avenue');
    await say(h.app, s, { choice: '_submit' });
    const line = await eventually(() => submissionLines(h.submissionsFile)[0]);
    expect(line.payload.location).toEqual({ lat: 30.31, lon: -97.7697, address: '12 Oak Avenue' });
  });

  it('Nominatim down or slow: the person is told politely, tries again or sends a pin, and nothing is lost', async () => {
    nock(NOMINATIM).get('/search').query(true).reply(503, 'busy');
    nock(NOMINATIM).get('/search').query(true).delay(2000).reply(200, OAK_AVE);
    const { s } = await toLocation(h);
    const down = await say(h.app, s, { text: '12 Oak Ave' });
    expect(down.map((m) => m.text).join('\n')).toContain("Sorry, I can't look up addresses right now. Please share your location as a pin, or send the address again in a moment. Nothing you've told me is lost.");
    expect(lastQuestion(down).expects).toBe('location');
    // Too slow (the catalogue's timeout_ms: 500): the same answer, never a stalled turn.
    const slow = await say(h.app, s, { text: '12 Oak Ave' });
    expect(slow.map((m) => m.text).join('\n')).toContain("Sorry, I can't look up addresses right now.");
    // A pin works while Nominatim is away; the answers before it are all there at the review.
    let q = lastQuestion(await sayLocation(h.app, s, { lat: 30.271234, lon: -97.741234 }));
    for (let guard = 0; guard < 10 && !(q.choices ?? []).some((c) => c.id === '_submit'); guard++) {
      const ids = q.choices?.map((c) => c.id) ?? [];
      q = lastQuestion(await say(h.app, s, ids.includes('anonymous') ? { choice: 'anonymous' } : ids.includes('_skip') ? { choice: '_skip' } : { text: 'A pothole by the kerb.' }));
    }
    expect(q.text).toMatch(/Problem: Pothole\nHow big is it: Small\nIs it in a bike lane: No\nLocation: /);
  });
});
