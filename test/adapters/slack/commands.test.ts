/** The /wegov slash command: help, status <reference>, stats; answered ephemerally after the ack. */
import { createSession, fileReport, RIVERSIDE_PIN, referenceIn } from '../../server/harness';
import { sendSlack, settle, slashCommand, startSlack, waitFor, type SlackHarness } from './support';

describe('Slack /wegov command', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlack('memory');
  });
  afterAll(async () => {
    await h.close();
  });
  beforeEach(() => h.api.clear());

  async function command(text: string, user = 'USTAFF01'): Promise<Record<string, unknown>> {
    const before = h.api.responses.length;
    const res = await sendSlack(h.app, slashCommand(user, text));
    expect(res.status).toBe(200);
    const answer = await waitFor(() => h.api.responses[before]);
    return answer.body;
  }

  it('help: the localized help, ephemeral', async () => {
    const body = await command('help');
    expect(body).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('/wegov status <reference>') });
  });

  it("answers in the person's Slack language when they have no conversation yet", async () => {
    h.api.answers.set('users.info', () => ({ user: { id: 'USTAFFMX1', locale: 'es-MX' } }));
    try {
      expect((await command('help', 'USTAFFMX1')).text).toMatch(/WeGov para el personal/);
    } finally {
      h.api.answers.delete('users.info');
    }
  });

  it('answers a French Slack user (fr-FR) in French', async () => {
    h.api.answers.set('users.info', () => ({ user: { id: 'USTAFFFR1', locale: 'fr-FR' } }));
    try {
      const text = (await command('help', 'USTAFFFR1')).text;
      expect(text).toMatch(/^\*WeGov pour les agents\*/);
      expect(text).toContain('`/wegov status <référence>`\u00a0: où en est un signalement');
    } finally {
      h.api.answers.delete('users.info');
    }
  });

  it('an unknown subcommand and an empty one get the help', async () => {
    expect((await command('dance')).text).toMatch(/WeGov for staff/);
    expect((await command('')).text).toMatch(/WeGov for staff/);
  });

  it('status of an unknown reference says so clearly', async () => {
    const body = await command('status WG-ZZZZZZ');
    expect(body).toMatchObject({ response_type: 'ephemeral', text: "I don't know a report with the reference WG-ZZZZZZ. Check the reference, or it may have expired." });
  });

  it('status without a reference explains the usage', async () => {
    expect((await command('status')).text).toMatch(/give a report reference/);
    expect((await command('status <@U123>')).text).toMatch(/give a report reference/);
  });

  it('status of a real reference after a web chat report', async () => {
    const s = await createSession(h.app, { locale: 'en' });
    const messages = await fileReport(h.app, s, { ...RIVERSIDE_PIN, description: 'Pothole on Main', contact: null });
    const reference = referenceIn(messages);
    const body = await command(`status ${reference.toLowerCase()}`);
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toMatch(new RegExp(`^Report ${reference} \\(.+\\), submitted on \\d{4}-\\d{2}-\\d{2}: open\\.$`));
  });

  it("stats: this week's cases by status and category", async () => {
    const now = Date.now();
    const base = { sinkKey: 'slack:triage', serviceCode: 'POTHOLE', state: 'created' as const };
    const cases = h.wiring.stores.cases;
    const categories = h.wiring.catalog.categories;
    const code = categories[0]!.serviceCode;
    await cases.put({ ...base, serviceCode: code, key: 's1@slack:triage', submissionId: 's1', reference: 'WG-AAAAAA', updatedAt: new Date(now - 3_600_000).toISOString() });
    await cases.put({ ...base, serviceCode: code, key: 's2@slack:triage', submissionId: 's2', reference: 'WG-BBBBBB', status: 'closed', updatedAt: new Date(now - 86_400_000).toISOString() });
    await cases.put({ ...base, serviceCode: code, key: 's3@slack:triage', submissionId: 's3', reference: 'WG-CCCCCC', updatedAt: new Date(now - 8 * 86_400_000).toISOString() });
    const body = await command('stats');
    expect(body.response_type).toBe('ephemeral');
    const text = String(body.text);
    expect(text).toMatch(/Reports in the last 7 days: 2/);
    expect(text).toMatch(/• open: 1/);
    expect(text).toMatch(/• closed: 1/);
    expect(text).toContain(`• ${categories[0]!.name.en ?? code}: 2`);
  });

  it('answers only after the ack (the HTTP answer is empty) and posts nothing to channels', async () => {
    const res = await sendSlack(h.app, slashCommand('USTAFF01', 'help'));
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    await waitFor(() => h.api.responses.length > 0);
    await settle();
    expect(h.api.posts()).toEqual([]);
  });
});
