import { card, retriage } from '../../../adapters/slack/triage/card';
import { useTriageLocale } from '../../../adapters/slack/triage/strings';
import { report } from '../../sinks/open311/fixtures';

const contact = { name: 'Ana <b>', email: 'ana@example.org', phone: '+15125550100', consentToContact: true as const, consentToShare: true as const };
const text = (blocks: unknown[]): string => JSON.stringify(blocks);

describe('triage card', () => {
  it("speaks the deployment's working language (locales/ slack_triage), English for an unknown one", () => {
    try {
      useTriageLocale('es');
      const c = card(report(), undefined, { caseKey: 'sub-1@pw.0' });
      expect(c.text).toBe('Nuevo reporte WG-7K3QX9: Pothole');
      expect(text(c.blocks)).toContain('Descripción');
      expect(text(c.blocks)).toContain('Preguntar a quien reportó');
      useTriageLocale('xx');
      expect(card(report(), undefined, { caseKey: 'sub-1@pw.0' }).text).toBe('New report WG-7K3QX9: Pothole');
    } finally {
      useTriageLocale('en');
    }
  });

  it('shows reference, category, location with a map link, language, time and buttons with the case key', () => {
    const c = card(report(), undefined, { caseKey: 'sub-1@pw.0', timezone: 'America/Chicago' });
    expect(c.text).toBe('New report WG-7K3QX9: Pothole');
    const all = text(c.blocks);
    expect(all).toContain('WG-7K3QX9 · Pothole');
    expect(all).toContain('https://www.openstreetmap.org/?mlat=30.2672&mlon=-97.7431#map=18/30.2672/-97.7431');
    expect(all).toContain('English (en)');
    expect(all).toContain('04:00 CST'); // 10:00 UTC in Austin
    const actions = c.blocks.find((b) => b.type === 'actions') as { elements: { action_id: string; value: string }[] };
    expect(actions.elements.map((e) => e.action_id)).toEqual(['ack', 'in_progress', 'resolved', 'reject', 'duplicate', 'ask', 'reply', 'block'].map((a) => `wegov_triage:${a}`));
    expect(actions.elements.every((e) => e.value === 'sub-1@pw.0')).toBe(true);
  });

  it('shows contact details only when the report carries them (consent)', () => {
    expect(text(card(report(), undefined, { caseKey: 'k' }).blocks)).not.toContain('Contact');
    const withContact = text(card(report({ contact }), undefined, { caseKey: 'k' }).blocks);
    expect(withContact).toContain('ana@example.org');
    expect(withContact).toContain('Ana &lt;b&gt;');
  });

  it('escapes the description and cuts it to the section limit', () => {
    const c = card(report({ description: '<!channel> & <https://evil.example|click> ' + 'x'.repeat(5000) }), undefined, { caseKey: 'k' });
    const desc = c.blocks.find((b) => b.block_id === 'wg_r_description') as { text: { text: string } };
    expect(desc.text.text).toContain('&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;');
    expect(desc.text.text).not.toContain('<!channel>');
    expect(desc.text.text.length).toBeLessThanOrEqual(3000);
  });

  it('shows an address, a photo link, the history and drops status buttons when resolved', () => {
    const c = card(report({ location: { address: '1 Main St' } }), { status: 'closed', history: [{ action: 'resolved', by: 'U123', at: '2026-11-27T16:42:00.000Z' }] }, {
      caseKey: 'k',
      timezone: 'America/Chicago',
      photoUrl: 'https://wegov.example/media/m1?exp=1&sig=s',
    });
    const all = text(c.blocks);
    expect(all).toContain('1 Main St');
    expect(all).toContain('https://wegov.example/media/m1?exp=1&sig=s');
    expect(all).toContain('Resolved by <@U123> at Nov 27, 10:42 CST');
    const actions = c.blocks.find((b) => b.type === 'actions') as { elements: { action_id: string }[] };
    expect(actions.elements.map((e) => e.action_id)).toEqual(['wegov_triage:reply', 'wegov_triage:block']);
  });

  it('retriage keeps the report part and replaces the triage part', () => {
    const first = card(report(), undefined, { caseKey: 'k' });
    const next = retriage(first.blocks, { status: 'acknowledged', history: [{ action: 'ack', by: 'U1', at: '2026-11-27T10:42:00.000Z' }] }, { caseKey: 'k' });
    expect(next.filter((b) => b.block_id === 'wg_t_status')).toHaveLength(1);
    expect(text(next)).toContain('Acknowledged by <@U1>');
    expect(next[0]).toEqual(first.blocks[0]);
  });
});
