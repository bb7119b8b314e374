import path from 'node:path';
import { loadCatalog, pointInBoundary, repoRoot } from '../../src/catalog';
import type { Catalog } from '../../src/catalog';
import { matchKeywords } from '../../src/nlu/keyword-match';

const demoFile = path.join(repoRoot(), 'config', 'demo-city.yaml');

describe('config/demo-city.yaml', () => {
  let catalog: Catalog;
  beforeAll(() => {
    catalog = loadCatalog(demoFile, { shippedLocales: ['en', 'es', 'ar', 'fr'] });
  });

  it('describes Riverside', () => {
    expect(catalog.source).toBe(demoFile);
    expect(catalog.jurisdiction).toMatchObject({
      id: 'riverside.example',
      name: { en: 'Riverside' },
      timezone: 'America/Chicago',
      defaultLocale: 'en',
      locales: ['en', 'es', 'ar', 'fr'],
      emergencyNumber: '911',
      phoneRegion: 'US',
      referencePrefix: 'WG',
    });
  });

  it('has a non-rectangular boundary containing downtown and not New York', () => {
    const { boundary } = catalog.jurisdiction;
    expect(boundary).toHaveLength(1);
    expect(boundary[0]?.[0]?.length).toBeGreaterThanOrEqual(7);
    expect(pointInBoundary(boundary, 30.27, -97.74)).toBe(true);
    expect(pointInBoundary(boundary, 40.71, -74.0)).toBe(false);
  });

  it('has two agencies with file sinks, privacy contacts and four groups', () => {
    expect(catalog.agencies).toEqual([
      {
        id: 'public-works',
        name: { en: 'Public Works', es: 'Obras Públicas', ar: 'إدارة الأشغال العامة', fr: 'la Direction des travaux publics' },
        sinks: [{ type: 'file' }],
        alerts: [],
        privacyContact: 'privacy@riverside.example',
        publicNotes: false,
      },
      {
        id: 'parks',
        name: { en: 'Parks & Recreation', es: 'Parques y Recreación', ar: 'إدارة الحدائق والترفيه', fr: 'la Direction des parcs et loisirs' },
        sinks: [{ type: 'file' }],
        alerts: [],
        privacyContact: 'https://riverside.example/parks/privacy',
        publicNotes: false,
      },
    ]);
    expect(catalog.retention).toEqual({ casesDays: 365, photosDays: 90, transcriptsDays: 90, consultationResponsesDays: 730 });
    expect(catalog.groups.map((g) => g.id)).toEqual(['streets', 'waste', 'parks', 'safety']);
  });

  it('has an open consultation on a bike lane, in every language, with conditions on earlier questions', () => {
    expect(catalog.consultations.map((c) => c.id)).toEqual(['riverside-avenue-bike-lane']);
    const [bikeLane] = catalog.consultations;
    expect(bikeLane).toMatchObject({
      agency: 'public-works',
      audience: { kind: 'public' },
      results: 'public_after_close',
      // 09:00 and 18:00 in Riverside (America/Chicago, standard time: UTC-6).
      opensAt: '2026-11-15T15:00:00.000Z',
      closesAt: '2027-02-01T00:00:00.000Z',
    });
    expect(bikeLane?.title.es).toBe('Carril bici protegido en Riverside Avenue');
    expect(bikeLane?.questions.map((q) => [q.id, q.type, q.required])).toEqual([
      ['background', 'statement', false],
      ['route', 'single_choice', true],
      ['frequency', 'scale', true],
      ['lives-nearby', 'yes_no', true],
      ['concerns', 'multiple_choice', false],
      ['concerns-detail', 'long_text', false],
      ['parking-tradeoffs', 'ranking', true],
      ['age-band', 'single_choice', false],
    ]);
    expect(bikeLane?.questions.find((q) => q.id === 'concerns')).toMatchObject({ min: 1, max: 3, other: true });
    expect(bikeLane?.questions.find((q) => q.id === 'concerns-detail')?.condition).toEqual({ question: 'concerns', op: 'answered' });
    const texts = JSON.stringify(bikeLane);
    const localized = texts.match(/\{"en":[^{}]*\}/g) ?? [];
    expect(localized).toHaveLength(2 + 8 + 19); // title, intro, 8 questions, 19 option and scale labels
    for (const text of localized) expect(Object.keys(JSON.parse(text) as object).sort()).toEqual(['ar', 'en', 'es', 'fr']);
  });

  it('keeps service codes as written and every name and keyword list in English, Spanish, Arabic and French', () => {
    expect(catalog.categories.map((c) => [c.id, c.serviceCode])).toEqual([
      ['pothole', '001'],
      ['streetlight', '002'],
      ['graffiti', '003'],
      ['missed-collection', '004'],
      ['illegal-dumping', '005'],
      ['fallen-tree', '006'],
      ['park-maintenance', '007'],
      ['traffic-signal', '008'],
      ['gas-leak', '009'],
      ['downed-power-line', '010'],
      ['noise', '011'],
    ]);
    for (const category of catalog.categories) {
      expect(Object.keys(category.name).sort()).toEqual(['ar', 'en', 'es', 'fr']);
      expect(Object.keys(category.keywords).sort()).toEqual(['ar', 'en', 'es', 'fr']);
    }
  });

  it('normalizes a category with list attributes', () => {
    const pothole = catalog.categories.find((c) => c.id === 'pothole');
    expect(pothole).toMatchObject({ group: 'streets', agency: 'public-works', photo: 'optional', anonymousAllowed: true });
    expect(pothole?.emergency).toBeUndefined();
    expect(pothole?.attributes.map((a) => [a.code, a.datatype, a.required, a.order, a.variable])).toEqual([
      ['size', 'singlevaluelist', true, 1, true],
      ['in_bike_lane', 'singlevaluelist', false, 2, true],
    ]);
    expect(pothole?.attributes[0]?.values.map((v) => v.key)).toEqual(['small', 'medium', 'large']);
    expect(pothole?.attributes[0]?.hint?.es).toContain('plato');
    expect(pothole?.attributes[1]?.values).toEqual([
      { key: 'yes', name: { en: 'Yes', es: 'Sí', ar: 'نعم', fr: 'Oui' } },
      { key: 'no', name: { en: 'No', es: 'No', ar: 'لا', fr: 'Non' } },
    ]);
  });

  it('carries photo, anonymity and emergency settings', () => {
    const byId = new Map(catalog.categories.map((c) => [c.id, c]));
    expect(byId.get('graffiti')?.photo).toBe('required');
    expect(byId.get('graffiti')?.attributes.find((a) => a.code === 'surface')?.values).toHaveLength(5);
    expect(byId.get('missed-collection')?.attributes.map((a) => a.datatype)).toEqual(['multivaluelist', 'number']);
    expect(byId.get('fallen-tree')?.agency).toBe('parks');
    expect(byId.get('park-maintenance')?.attributes[0]).toMatchObject({ code: 'details', datatype: 'text', required: false });
    expect(byId.get('gas-leak')?.emergency?.message?.en).toContain('call 911');
    expect(byId.get('gas-leak')?.emergency?.number).toBeUndefined();
    expect(byId.get('downed-power-line')?.emergency?.number).toBe('911');
    expect(byId.get('noise')).toMatchObject({ anonymousAllowed: false, photo: 'none' });
  });
  it('offers French complete: every text that has translations has a French one, and French keywords name the categories', () => {
    const missing: string[] = [];
    let texts = 0;
    const walk = (v: unknown, where: string): void => {
      if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${where}[${i}]`));
      if (typeof v !== 'object' || v === null) return;
      const o = v as Record<string, unknown>;
      if ('en' in o && 'es' in o) {
        texts++;
        if (typeof o.fr !== (Array.isArray(o.en) ? 'object' : 'string') || o.fr === '') missing.push(where);
        return;
      }
      for (const [k, x] of Object.entries(o)) if (k !== 'boundary') walk(x, `${where}.${k}`);
    };
    walk({ jurisdiction: catalog.jurisdiction, agencies: catalog.agencies, groups: catalog.groups, categories: catalog.categories, consultations: catalog.consultations, opportunities: catalog.opportunities, assets: catalog.assets }, 'demo-city');
    expect(texts).toBeGreaterThan(130);
    expect(missing).toEqual([]);

    const targets = catalog.categories.map((c) => ({ id: c.id, keywords: c.keywords.fr ?? [] }));
    const said = (text: string) => matchKeywords(text, targets, 'fr');
    expect(said('Il y a un gros nid-de-poule devant chez moi')).toEqual(['pothole']);
    expect(said('Les lampadaires de ma rue sont éteints')).toEqual(['streetlight']);
    expect(said('des graffitis sur le mur de l’école')).toEqual(['graffiti']);
    expect(said('les ordures ne sont pas ramassées depuis mardi')).toEqual(['missed-collection']);
    expect(said('un dépôt sauvage de matelas')).toContain('illegal-dumping');
    expect(said('le feu rouge ne marche plus')).toEqual(['traffic-signal']);
    expect(said('ça sent le gaz dans la rue')).toEqual(['gas-leak']);
  });
});
