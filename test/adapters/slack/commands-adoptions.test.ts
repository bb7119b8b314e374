/**
 * `/wegov adoptions [type]` through the real app and Bolt (Web API and response_url on nock):
 * four people adopt assets of the demo catalogue in the web chat and report on them ("cleared",
 * "needs the city"; one report eight days old), then staff see per type how many are adopted and
 * free and the last 7 days' reports, and the assets that need the city with their coordinates,
 * never who adopted them (no pseudonym, no given name); one type only; an unknown type; in
 * Spanish for a Spanish Slack user; the help names the command.
 *
 * Memory stores: the demo catalogue's asset ids are fixed, and the Redis adoption tests
 * (test/dialogs/adopt) clear every adoption key of the run's shared Redis when they start, so a
 * second Redis file adopting them would race that. The Redis store is covered by its contract
 * test (test/dialogs/adopt/adoption-store.test.ts); the summary reads it through the same interface.
 */
import request from 'supertest';
import { ADMIN_TOKEN, createSession, say } from '../../server/harness';
import { sendSlack, slashCommand, startSlack, waitFor, type SlackHarness } from './support';

describe('Slack /wegov adoptions', () => {
  let h: SlackHarness;
  let now = new Date('2026-11-22T15:00:00Z');
  beforeAll(async () => {
    h = await startSlack('memory', {}, undefined, () => now);
  });
  afterAll(async () => h?.close());

  async function command(text: string, user = 'USTAFF01'): Promise<{ response_type: string; text: string }> {
    const before = h.api.responses.length;
    expect((await sendSlack(h.app, slashCommand(user, text))).status).toBe(200);
    return (await waitFor(() => h.api.responses[before])).body as { response_type: string; text: string };
  }

  /** Adopts the asset at its own coordinates (it is then the nearest), naming it `given` or not. */
  async function adopt(participant: string, assetId: string, at: { lat: number; lon: number }, given?: string): Promise<void> {
    const s = await createSession(h.app, { locale: 'en', start: 'adopt', participant });
    await say(h.app, s, { choice: 'near' });
    await say(h.app, s, { location: at });
    await say(h.app, s, { choice: assetId });
    await say(h.app, s, given ? { text: given } : { choice: '_skip' });
    expect((await say(h.app, s, { choice: 'yes' }))[0]!.text).toMatch(/^It's yours/);
  }

  /** "My adoptions" -> the asset -> cleared or needs the city. */
  async function report(participant: string, assetId: string, state: 'cleared' | 'needs_city'): Promise<void> {
    const s = await createSession(h.app, { locale: 'en', start: 'adopt', participant });
    await say(h.app, s, { choice: 'mine' });
    await say(h.app, s, { choice: assetId });
    expect((await say(h.app, s, { choice: state }))[0]!.text).toMatch(state === 'cleared' ? /^Recorded: / : /^Thank you\. Your report went to/);
  }

  it('counts adopted and free assets per type and the last 7 days\' reports, and lists what needs the city, without adopters', async () => {
    // Eight days before: a drain reported cleared (too old to count).
    await adopt('adopter-old-0123456789', 'drain-45th-guadalupe', { lat: 30.3061, lon: -97.7398 });
    await report('adopter-old-0123456789', 'drain-45th-guadalupe', 'cleared');
    now = new Date('2026-11-30T15:00:00Z');
    await adopt('adopter-elm-0123456789', 'drain-elm-3rd', { lat: 30.2671, lon: -97.7425 });
    await report('adopter-elm-0123456789', 'drain-elm-3rd', 'needs_city');
    now = new Date('2026-12-01T15:00:00Z');
    await adopt('adopter-oak-0123456789', 'drain-oak-riverside', { lat: 30.2652, lon: -97.7468 });
    await report('adopter-oak-0123456789', 'drain-oak-riverside', 'needs_city');
    await adopt('adopter-tree-0123456789', 'tree-45th-redbud', { lat: 30.3046, lon: -97.7431 }, 'Rosie');
    await report('adopter-tree-0123456789', 'tree-45th-redbud', 'cleared');

    const answer = await command('adoptions');
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.text.split('\n')).toEqual([
      '*Adoptable assets by type*',
      '• *Storm drain* (`storm_drain`): adopted 3, free 2 · reports in the last 7 days: cleared 0, needs the city 2',
      '• *Tree* (`tree`): adopted 1, free 2 · reports in the last 7 days: cleared 1, needs the city 0',
      '*Needs the city, most recent first*',
      '• `drain-oak-riverside` Storm drain at Oak St &amp; Riverside Ave: 30.26520, -97.74680 (<https://www.openstreetmap.org/?mlat=30.26520&mlon=-97.74680#map=18/30.26520/-97.74680|map>) · Dec 1, 2026',
      '• `drain-elm-3rd` Storm drain at Elm St &amp; 3rd St: 30.26710, -97.74250 (<https://www.openstreetmap.org/?mlat=30.26710&mlon=-97.74250#map=18/30.26710/-97.74250|map>) · Nov 30, 2026',
      '_Reports count each asset once, by its latest report. Adopters are not shown._',
    ]);
    // Nobody's pseudonym, chat identity or given name.
    const adopters = ((await request(h.app).get('/admin/adoptions').set('Authorization', `Bearer ${ADMIN_TOKEN}`)).body as { adoptions: { adopter: string }[] }).adoptions.map((a) => a.adopter);
    expect(adopters).toHaveLength(4);
    for (const who of [...adopters, 'adopter-', 'Rosie']) expect(answer.text).not.toContain(who);
  });

  it('one type; an unknown type is answered with the known ones', async () => {
    expect((await command('adoptions TREE')).text.split('\n')).toEqual([
      '*Adoptable assets by type*',
      '• *Tree* (`tree`): adopted 1, free 2 · reports in the last 7 days: cleared 1, needs the city 0',
      '*Needs the city, most recent first*',
      'No adopted asset needs the city right now.',
      '_Reports count each asset once, by its latest report. Adopters are not shown._',
    ]);
    expect((await command('adoptions <!channel>')).text).toBe('I know no asset type called &lt;!channel&gt;. The types: `storm_drain`, `tree`.');
  });

  it("in the Slack user's language, and in the help", async () => {
    h.api.answers.set('users.info', () => ({ user: { id: 'USTAFFES2', locale: 'es-ES' } }));
    try {
      const es = (await command('adoptions storm_drain', 'USTAFFES2')).text.split('\n');
      expect(es[0]).toBe('*Elementos adoptables por tipo*');
      expect(es[1]).toBe('• *Desagüe pluvial* (`storm_drain`): adoptados 3, libres 2 · avisos de los últimos 7 días: despejado 0, necesita a la ciudad 2');
      expect(es[3]).toMatch(/^• `drain-oak-riverside` Desagüe pluvial en Oak St y Riverside Ave: 30\.26520, -97\.74680 \(<https:\/\/www\.openstreetmap\.org\/\S+\|mapa>\) · 1 dic 2026$/);
    } finally {
      h.api.answers.delete('users.info');
    }
    expect((await command('help')).text).toContain("• `/wegov adoptions [type]`: adopted and free assets by type, the last 7 days' reports, and what needs the city");
  });
});
