import { MAX_DESCRIPTION_LENGTH, open311Form, plainTextDescription, splitName } from '../../../src/sinks/open311';
import { validatePostForm } from './fake-open311-server';
import { report } from './fixtures';

describe('open311Form', () => {
  it('encodes a pinned anonymous report per GeoReport v2', () => {
    const form = open311Form(report(), { apiKey: 'k', jurisdictionId: 'city.example' });
    expect([...form.keys()]).toEqual(['api_key', 'jurisdiction_id', 'service_code', 'lat', 'long', 'description', 'attribute[DEPTH]']);
    expect(form.get('lat')).toBe('30.2672');
    expect(form.get('long')).toBe('-97.7431');
    expect(form.get('attribute[DEPTH]')).toBe('deep');
    expect(validatePostForm(form, { apiKey: 'k', jurisdictionId: 'city.example' })).toEqual([]);
  });

  it('sends address_string instead of lat/long for a typed address, and leaves out unset options', () => {
    const form = open311Form(report({ location: { address: '12 Main St, Springfield' } }));
    expect(form.get('address_string')).toBe('12 Main St, Springfield');
    expect(form.has('lat') || form.has('long') || form.has('api_key') || form.has('jurisdiction_id') || form.has('media_url')).toBe(false);
  });

  it('repeats attribute[code][] for a multivaluelist and keeps ids as strings', () => {
    const form = open311Form(report({ serviceCode: '007', attributes: { HAZ: ['glass', 'oil'], LANE: 'right' } }), {
      mediaUrl: 'https://wegov.example/m/abc?sig=1',
    });
    expect(form.getAll('attribute[HAZ][]')).toEqual(['glass', 'oil']);
    expect(form.get('attribute[LANE]')).toBe('right');
    expect(form.get('service_code')).toBe('007');
    expect(form.get('media_url')).toBe('https://wegov.example/m/abc?sig=1');
    expect(form.toString()).toContain('attribute%5BHAZ%5D%5B%5D=glass&attribute%5BHAZ%5D%5B%5D=oil');
  });

  it('sends no contact fields for an anonymous report', () => {
    const form = open311Form(report({ contact: null }));
    for (const key of ['email', 'first_name', 'last_name', 'phone']) expect(form.has(key)).toBe(false);
  });

  it('sends contact fields when the person gave them with consent, name split at the last space', () => {
    const form = open311Form(
      report({
        contact: { name: 'Ana María  da Silva', email: 'ana@example.org', phone: '+15125550100', consentToContact: true, consentToShare: true },
      }),
    );
    expect(form.get('email')).toBe('ana@example.org');
    expect(form.get('first_name')).toBe('Ana María da');
    expect(form.get('last_name')).toBe('Silva');
    expect(form.get('phone')).toBe('+15125550100');
  });

  it('splitName handles a single name', () => {
    expect(splitName('Cher')).toEqual({ first: 'Cher' });
    expect(splitName(' Jo  Bloggs ')).toEqual({ first: 'Jo', last: 'Bloggs' });
  });
});

describe('plainTextDescription', () => {
  it('strips tags, including ones hidden behind entities, and keeps ordinary text', () => {
    const out = plainTextDescription('<b>Big</b> hole &amp; <script>alert(1)</script> &lt;i&gt;deep&lt;/i&gt;, 3 < 5');
    expect(out).toBe('Big hole & alert(1) deep , 3 < 5');
    expect(/<\/?[A-Za-z]/.test(out)).toBe(false);
  });

  it('keeps line breaks and cuts to 4,000 characters without splitting a surrogate pair', () => {
    expect(plainTextDescription('line one\r\n\r\n\r\nline two')).toBe('line one\n\nline two');
    const long = `${'x'.repeat(MAX_DESCRIPTION_LENGTH - 2)}😀😀😀`;
    const out = plainTextDescription(long);
    expect(out.length).toBeLessThanOrEqual(MAX_DESCRIPTION_LENGTH);
    expect(out.endsWith('…')).toBe(true);
    expect(/[\ud800-\udbff]…$/.test(out)).toBe(false);
  });

  it('a 10,000-character HTML description passes the fake server validation', () => {
    const form = open311Form(report({ description: '<p>pothole</p> '.repeat(700) }));
    expect(validatePostForm(form, {})).toEqual([]);
  });
});
