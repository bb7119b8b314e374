import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { CatalogError, loadCatalog, parseCatalog } from '../../src/catalog';
import type { Consultation } from '../../src/catalog/types';

/** A small catalogue in Chicago's time zone with one consultation that uses every question type. */
const BASE = `jurisdiction:
  id: test.example
  name: Testville
  timezone: America/Chicago
  default_locale: en
  locales: [en, es]
  emergency_number: "911"
  boundary:
    type: Polygon
    coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]
agencies:
  - id: works
    name: Works
categories:
  - id: pothole
    service_code: "001"
    name: { en: Pothole, es: Bache }
    agency: works
`;

const CONSULTATION = `id: bike-lane
title: { en: Bike lane, es: Carril bici }
intro: { en: Tell us what you think., es: Dinos qué piensas. }
agency: works
opens_at: 2026-11-15 09:00
closes_at: 2027-01-31 18:00
audience: { staff: { slack_channels: [C0123ABCD], slack_users: [U0456EFGH] } }
area:
  name: { en: Downtown, es: Centro }
  boundary: { type: Polygon, coordinates: [[[0, 0], [0.5, 0], [0.5, 0.5], [0, 0], ]] }
results: public_after_close
questions:
  - id: hello
    type: statement
    text: { en: Thanks for taking part., es: Gracias por participar. }
  - id: route
    type: single_choice
    text: { en: Which route?, es: ¿Qué ruta? }
    help: { en: Pick one., es: Elige una. }
    other: true
    options:
      - { id: river, label: { en: River, es: Río } }
      - { id: main, label: { en: Main Street, es: Calle Mayor } }
  - id: concerns
    type: multiple_choice
    required: false
    text: { en: Concerns?, es: ¿Preocupaciones? }
    max: 2
    options:
      - { id: parking, label: { en: Parking, es: Aparcamiento } }
      - { id: safety, label: { en: Safety, es: Seguridad } }
      - { id: noise, label: { en: Noise, es: Ruido } }
  - id: often
    type: scale
    text: { en: How often?, es: ¿Con qué frecuencia? }
    min_label: { en: Never, es: Nunca }
    max_label: { en: Daily, es: A diario }
  - id: cycle
    type: yes_no
    text: { en: Do you cycle?, es: ¿Vas en bici? }
  - id: km
    type: number
    text: { en: How far?, es: ¿Qué distancia? }
    min: 0
    max: 100
    unit: { en: km, es: km }
    condition: { question: cycle, op: equals, value: "yes" }
  - id: name
    type: short_text
    required: false
    text: { en: Street?, es: ¿Calle? }
  - id: more
    type: long_text
    required: false
    max_chars: 1000
    text: { en: Tell us more, es: Cuéntanos más }
    condition:
      any:
        - { question: concerns, op: answered }
        - { question: name, op: matches, pattern: "^elm" }
        - all: [{ question: route, op: not_equals, value: _other }, { question: often, op: equals, value: 5 }]
  - id: trade
    type: ranking
    pick: 2
    text: { en: Rank these, es: Ordena estas }
    options:
      - { id: a, label: { en: A, es: A } }
      - { id: b, label: { en: B, es: B } }
      - { id: c, label: { en: C, es: C } }
  - id: where
    type: location
    text: { en: Where do you live?, es: ¿Dónde vives? }
`;

/** The catalogue with the consultation under `consultations:`. */
const VALID = `${BASE}consultations:\n${indent(`- ${indent(CONSULTATION, '  ').trimStart()}`, '  ')}`;

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : by + line))
    .join('\n');
}

const SHIPPED = { shippedLocales: ['en', 'es'] };

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test fixtures are edited freely

/** The valid file with `edit` applied to its one consultation. */
function edited(edit: (c: Doc) => void): string {
  const doc = parse(VALID) as Doc;
  edit(doc.consultations[0] as Doc);
  return stringify(doc);
}

function problems(text: string): CatalogError {
  try {
    parseCatalog(text, 'config/city.yaml', SHIPPED);
  } catch (error) {
    if (error instanceof CatalogError) return error;
    throw error;
  }
  throw new Error('expected the catalogue to be rejected');
}

const en = (text: string, es: string): { en: string; es: string } => ({ en: text, es });

const EXPECTED: Consultation = {
  id: 'bike-lane',
  title: en('Bike lane', 'Carril bici'),
  intro: en('Tell us what you think.', 'Dinos qué piensas.'),
  agency: 'works',
  // 09:00 and 18:00 in Chicago, on standard time (UTC-6) on both dates.
  opensAt: '2026-11-15T15:00:00.000Z',
  closesAt: '2027-02-01T00:00:00.000Z',
  audience: { kind: 'staff', slackChannels: ['C0123ABCD'], slackUsers: ['U0456EFGH'] },
  area: { name: en('Downtown', 'Centro'), boundary: [[[[0, 0], [0.5, 0], [0.5, 0.5], [0, 0]]]] },
  results: 'public_after_close',
  publicExamples: false,
  questions: [
    { id: 'hello', type: 'statement', required: false, text: en('Thanks for taking part.', 'Gracias por participar.') },
    {
      id: 'route',
      type: 'single_choice',
      required: true,
      text: en('Which route?', '¿Qué ruta?'),
      help: en('Pick one.', 'Elige una.'),
      other: true,
      options: [
        { id: 'river', label: en('River', 'Río') },
        { id: 'main', label: en('Main Street', 'Calle Mayor') },
      ],
    },
    {
      id: 'concerns',
      type: 'multiple_choice',
      required: false,
      text: en('Concerns?', '¿Preocupaciones?'),
      min: 1,
      max: 2,
      other: false,
      options: [
        { id: 'parking', label: en('Parking', 'Aparcamiento') },
        { id: 'safety', label: en('Safety', 'Seguridad') },
        { id: 'noise', label: en('Noise', 'Ruido') },
      ],
    },
    { id: 'often', type: 'scale', required: true, text: en('How often?', '¿Con qué frecuencia?'), min: 1, max: 5, minLabel: en('Never', 'Nunca'), maxLabel: en('Daily', 'A diario') },
    { id: 'cycle', type: 'yes_no', required: true, text: en('Do you cycle?', '¿Vas en bici?') },
    {
      id: 'km',
      type: 'number',
      required: true,
      text: en('How far?', '¿Qué distancia?'),
      min: 0,
      max: 100,
      integer: false,
      unit: en('km', 'km'),
      condition: { question: 'cycle', op: 'equals', value: 'yes' },
    },
    { id: 'name', type: 'short_text', required: false, text: en('Street?', '¿Calle?'), maxChars: 200 },
    {
      id: 'more',
      type: 'long_text',
      required: false,
      text: en('Tell us more', 'Cuéntanos más'),
      maxChars: 1000,
      condition: {
        any: [
          { question: 'concerns', op: 'answered' },
          { question: 'name', op: 'matches', pattern: '^elm' },
          { all: [{ question: 'route', op: 'not_equals', value: '_other' }, { question: 'often', op: 'equals', value: '5' }] },
        ],
      },
    },
    {
      id: 'trade',
      type: 'ranking',
      required: true,
      text: en('Rank these', 'Ordena estas'),
      pick: 2,
      options: [
        { id: 'a', label: en('A', 'A') },
        { id: 'b', label: en('B', 'B') },
        { id: 'c', label: en('C', 'C') },
      ],
    },
    { id: 'where', type: 'location', required: true, text: en('Where do you live?', '¿Dónde vives?') },
  ],
};

describe('consultations in the catalogue', () => {
  it('normalizes a valid consultation (every question type, defaults made explicit, times in UTC)', () => {
    const catalog = parseCatalog(VALID, 'config/city.yaml', SHIPPED);
    expect(catalog.consultations).toEqual([EXPECTED]);
  });

  it('has none when the catalogue defines none', () => {
    expect(parseCatalog(BASE, 'config/city.yaml', SHIPPED).consultations).toEqual([]);
  });

  it('reads audience public (the default) and staff without lists', () => {
    const text = edited((c) => delete c.audience);
    expect(parseCatalog(text, 'config/city.yaml', SHIPPED).consultations[0]?.audience).toEqual({ kind: 'public' });
    const staff = edited((c) => (c.audience = 'staff'));
    expect(parseCatalog(staff, 'config/city.yaml', SHIPPED).consultations[0]?.audience).toEqual({ kind: 'staff' });
  });
});

describe('consultation times in the jurisdiction time zone (America/Chicago)', () => {
  const at = (opens: string, closes = '2027-06-01 00:00'): Consultation | undefined =>
    parseCatalog(
      edited((c) => {
        c.opens_at = opens;
        c.closes_at = closes;
      }),
      'config/city.yaml',
      SHIPPED,
    ).consultations[0];

  it('uses daylight time in summer (UTC-5) and standard time in winter (UTC-6)', () => {
    expect(at('2026-07-01 09:00')?.opensAt).toBe('2026-07-01T14:00:00.000Z');
    expect(at('2026-12-01 09:00')?.opensAt).toBe('2026-12-01T15:00:00.000Z');
  });

  it('crosses the spring change: 01:59 is CST, 03:00 is CDT', () => {
    expect(at('2026-03-08 01:59')?.opensAt).toBe('2026-03-08T07:59:00.000Z');
    expect(at('2026-03-08 03:00')?.opensAt).toBe('2026-03-08T08:00:00.000Z');
  });

  it('takes the first of the repeated autumn hour (01:30 CDT, not CST)', () => {
    expect(at('2026-11-01 01:30')?.opensAt).toBe('2026-11-01T06:30:00.000Z');
    expect(at('2026-11-01 02:00')?.opensAt).toBe('2026-11-01T08:00:00.000Z');
  });

  it('accepts a full ISO instant with its offset as written', () => {
    expect(at('2026-11-15T09:00:00-06:00')?.opensAt).toBe('2026-11-15T15:00:00.000Z');
    expect(at('2026-11-15T15:00Z')?.opensAt).toBe('2026-11-15T15:00:00.000Z');
  });
});

describe('broken consultations are refused with the path, reason and line', () => {
  const c0 = 'consultations[0]';
  const cases: { name: string; text: string; path: string; reason: string }[] = [
    { name: 'a time in the skipped spring hour', text: edited((c) => (c.opens_at = '2026-03-08 02:30')), path: `${c0}.opens_at`, reason: 'does not exist in America/Chicago' },
    { name: 'a date that does not exist', text: edited((c) => (c.opens_at = '2026-02-30 09:00')), path: `${c0}.opens_at`, reason: 'is not a real date and time' },
    { name: 'a time without minutes', text: edited((c) => (c.closes_at = '2027-01-31')), path: `${c0}.closes_at`, reason: 'expected a date and time like 2026-11-15 09:00 (in America/Chicago)' },
    { name: 'closing before opening', text: edited((c) => (c.closes_at = '2026-11-15 08:59')), path: `${c0}.closes_at`, reason: 'must be after opens_at' },
    { name: 'an unknown agency', text: edited((c) => (c.agency = 'parks')), path: `${c0}.agency`, reason: "unknown agency 'parks' (agencies defined: works)" },
    { name: 'a text missing an offered language', text: edited((c) => (c.title = { en: 'Bike lane' })), path: `${c0}.title`, reason: "missing the translation for 'es'" },
    { name: 'one string for two languages', text: edited((c) => (c.questions[1].options[0].label = 'River')), path: `${c0}.questions[1].options[0].label`, reason: 'needs a translation for every offered language' },
    { name: 'a language not offered', text: edited((c) => (c.intro.ar = 'مرحبا')), path: `${c0}.intro.ar`, reason: "locale 'ar' is not one of jurisdiction.locales" },
    { name: 'an unknown results setting', text: edited((c) => (c.results = 'public')), path: `${c0}.results`, reason: 'must be one of: public_live, public_after_close, staff_only' },
    { name: 'a Slack channel name instead of an id', text: edited((c) => (c.audience.staff.slack_channels = ['#planning'])), path: `${c0}.audience.staff.slack_channels[0]`, reason: 'must be a Slack channel id' },
    { name: 'a typo in the audience', text: edited((c) => (c.audience.staff.slack_user = ['U0456EFGH'])), path: `${c0}.audience.staff.slack_user`, reason: "unknown key 'slack_user' (did you mean 'slack_users'?)" },
    { name: 'an unknown audience', text: edited((c) => (c.audience = 'everyone')), path: `${c0}.audience`, reason: 'must be one of: public, staff' },
    { name: 'an open area ring', text: edited((c) => (c.area.boundary.coordinates[0][3] = [0, 0.1])), path: `${c0}.area.boundary.coordinates[0]`, reason: 'ring is not closed' },
    { name: 'a duplicate question id', text: edited((c) => (c.questions[2].id = 'route')), path: `${c0}.questions[2].id`, reason: "duplicate question id 'route'" },
    { name: 'a duplicate option id', text: edited((c) => (c.questions[1].options[1].id = 'river')), path: `${c0}.questions[1].options[1].id`, reason: "duplicate option id 'river'" },
    { name: 'an unknown question type', text: edited((c) => (c.questions[4].type = 'boolean')), path: `${c0}.questions[4].type`, reason: 'expected a question with type single_choice, multiple_choice' },
    { name: 'scale end labels on a yes/no question', text: edited((c) => (c.questions[4].min_label = 'No')), path: `${c0}.questions[4].min_label`, reason: 'only for type scale, not yes_no' },
    { name: 'options on a text question', text: edited((c) => (c.questions[6].options = [])), path: `${c0}.questions[6].options`, reason: 'only for type single_choice or multiple_choice or ranking, not short_text' },
    { name: 'a scale from 2', text: edited((c) => (c.questions[3].min = 2)), path: `${c0}.questions[3].min`, reason: 'a scale starts at 0 or 1' },
    { name: 'a scale to 7', text: edited((c) => (c.questions[3].max = 7)), path: `${c0}.questions[3].max`, reason: 'a scale ends at 5 or 10' },
    { name: 'multiple choice min 0', text: edited((c) => (c.questions[2].min = 0)), path: `${c0}.questions[2].min`, reason: 'must be at least 1' },
    { name: 'multiple choice min above max', text: edited((c) => (c.questions[2].min = 3)), path: `${c0}.questions[2].max`, reason: 'must be at least min (3)' },
    { name: 'multiple choice max above the options', text: edited((c) => (c.questions[2].max = 4)), path: `${c0}.questions[2].max`, reason: 'must be at most the number of options (3)' },
    { name: 'a choice with one option', text: edited((c) => c.questions[1].options.pop()), path: `${c0}.questions[1].options`, reason: 'needs at least 2 options' },
    { name: 'a ranking of 7 options', text: edited((c) => c.questions[8].options.push(...['d', 'e', 'f', 'g'].map((id) => ({ id, label: { en: id, es: id } })))), path: `${c0}.questions[8].options`, reason: 'a ranking has at most 6 options' },
    { name: 'a ranking picking more than it has', text: edited((c) => (c.questions[8].pick = 4)), path: `${c0}.questions[8].pick`, reason: 'must be at most the number of options (3)' },
    { name: 'a number question with max below min', text: edited((c) => (c.questions[5].max = -1)), path: `${c0}.questions[5].max`, reason: 'must be at least min (0)' },
    { name: 'a long text over 4000 characters', text: edited((c) => (c.questions[7].max_chars = 5000)), path: `${c0}.questions[7].max_chars`, reason: 'must be at most 4000' },
    { name: 'a required statement', text: edited((c) => (c.questions[0].required = true)), path: `${c0}.questions[0].required`, reason: 'a statement takes no answer' },
    { name: 'only statements', text: edited((c) => (c.questions = [c.questions[0]])), path: `${c0}.questions`, reason: 'needs at least one question that takes an answer' },
    { name: 'no questions', text: edited((c) => (c.questions = [])), path: `${c0}.questions`, reason: 'needs at least one question' },
    { name: 'a condition on a later question', text: edited((c) => (c.questions[5].condition.question = 'name')), path: `${c0}.questions[5].condition.question`, reason: "question 'name' comes later (questions[6])" },
    { name: 'a condition on itself', text: edited((c) => (c.questions[5].condition = { question: 'km', op: 'answered' })), path: `${c0}.questions[5].condition.question`, reason: 'cannot depend on itself' },
    { name: 'a condition on an unknown question', text: edited((c) => (c.questions[5].condition.question = 'cycles')), path: `${c0}.questions[5].condition.question`, reason: "unknown question 'cycles'" },
    { name: 'a condition on a statement', text: edited((c) => (c.questions[5].condition = { question: 'hello', op: 'answered' })), path: `${c0}.questions[5].condition.question`, reason: "question 'hello' is a statement" },
    { name: 'equals a value that is not a choice', text: edited((c) => (c.questions[7].condition.any[2].all[0].value = 'riverside')), path: `${c0}.questions[7].condition.any[2].all[0].value`, reason: "'riverside' is not a choice of question 'route' (choices: river, main, _other)" },
    { name: 'equals on yes/no with true', text: edited((c) => (c.questions[5].condition.value = 'true')), path: `${c0}.questions[5].condition.value`, reason: "(choices: yes, no)" },
    { name: 'equals on a scale with text', text: edited((c) => (c.questions[7].condition.any[2].all[1].value = 'high')), path: `${c0}.questions[7].condition.any[2].all[1].value`, reason: "question 'often' has a number answer" },
    { name: 'equals on a text question', text: edited((c) => (c.questions[7].condition.any[1] = { question: 'name', op: 'equals', value: 'elm' })), path: `${c0}.questions[7].condition.any[1].value`, reason: "question 'name' is short_text (use answered, or matches for text)" },
    { name: 'equals without a value', text: edited((c) => delete c.questions[5].condition.value), path: `${c0}.questions[5].condition.value`, reason: 'required for op equals' },
    { name: 'a value on answered', text: edited((c) => (c.questions[7].condition.any[0].value = 'x')), path: `${c0}.questions[7].condition.any[0].value`, reason: 'not used by op answered' },
    { name: 'an unknown op', text: edited((c) => (c.questions[5].condition.op = 'is')), path: `${c0}.questions[5].condition.op`, reason: 'must be one of: answered, not_answered, equals, not_equals, matches' },
    { name: 'all mixed with a test', text: edited((c) => (c.questions[7].condition.any[2].op = 'answered')), path: `${c0}.questions[7].condition.any[2].op`, reason: "a condition with 'all' has no other key" },
    { name: 'an empty any', text: edited((c) => (c.questions[7].condition = { any: [] })), path: `${c0}.questions[7].condition.any`, reason: 'needs at least 1 item' },
    { name: 'matches on a choice question', text: edited((c) => (c.questions[7].condition.any[1].question = 'route')), path: `${c0}.questions[7].condition.any[1].op`, reason: "matches tests text answers; question 'route' is single_choice" },
    { name: 'a pattern that does not compile', text: edited((c) => (c.questions[7].condition.any[1].pattern = '(elm')), path: `${c0}.questions[7].condition.any[1].pattern`, reason: 'not a valid regular expression' },
    { name: 'a pattern over 200 characters', text: edited((c) => (c.questions[7].condition.any[1].pattern = 'a'.repeat(201))), path: `${c0}.questions[7].condition.any[1].pattern`, reason: 'at most 200 characters (it has 201)' },
    { name: 'a duplicate consultation id', text: edited(() => undefined).replace(/\nconsultations:\n/, '\nconsultations:\n  - { id: bike-lane, title: { en: a, es: b }, intro: { en: a, es: b }, agency: works, opens_at: 2026-01-01 00:00, closes_at: 2026-02-01 00:00, results: staff_only, questions: [{ id: q, type: yes_no, text: { en: a, es: b } }] }\n'), path: 'consultations[1].id', reason: "duplicate consultation id 'bike-lane'" },
    { name: 'an unknown key (typo)', text: edited((c) => (c.closes = '2027-01-31 18:00')), path: `${c0}.closes`, reason: "unknown key 'closes'" },
  ];

  it.each(cases)('$name -> $path', ({ text, path: at, reason }) => {
    const error = problems(text);
    expect(error.issues).toContainEqual(expect.objectContaining({ path: at, message: expect.stringContaining(reason), line: expect.any(Number) }));
    expect(error.message).toContain(`config/city.yaml: ${at}: `);
  });

  it('gives the line of the offending value', () => {
    const text = VALID.replace('op: equals, value: "yes"', 'op: equals, value: "maybe"');
    const line = text.split('\n').findIndex((l) => l.includes('value: "maybe"')) + 1;
    expect(problems(text).issues).toEqual([
      expect.objectContaining({ path: 'consultations[0].questions[5].condition.value', line, message: "'maybe' is not a choice of question 'cycle' (choices: yes, no)" }),
    ]);
  });

  it('refuses a pattern with catastrophic backtracking, with the answer that would be slow', () => {
    const error = problems(edited((c) => (c.questions[7].condition.any[1].pattern = '^(\\w+\\s?)*$')));
    expect(error.issues).toEqual([
      expect.objectContaining({
        path: 'consultations[0].questions[7].condition.any[1].pattern',
        message: expect.stringMatching(/^the pattern can take exponential time on some answers \(e\.g\. ".+"\): rewrite it/),
      }),
    ]);
  });

  it('accepts a linear pattern of the same intent', () => {
    const text = edited((c) => (c.questions[7].condition.any[1].pattern = '^\\w+(?:\\s\\w+)*$'));
    expect(parseCatalog(text, 'config/city.yaml', SHIPPED).consultations).toHaveLength(1);
  });

  it('reports every problem of a consultation at once, in file order', () => {
    const error = problems(
      edited((c) => {
        c.agency = 'parks';
        c.questions[3].max = 7;
        c.questions[5].condition.question = 'name';
      }),
    );
    expect(error.issues.map((i) => i.path)).toEqual([
      'consultations[0].agency',
      'consultations[0].questions[3].max',
      'consultations[0].questions[5].condition.question',
    ]);
  });
});

describe('consultations_dir', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wegov-consultations-'));
    mkdirSync(path.join(dir, 'consultations'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const catalogFile = (extra = ''): string => {
    const file = path.join(dir, 'city.yaml');
    writeFileSync(file, `${BASE}consultations_dir: consultations\n${extra}`);
    return file;
  };
  const write = (name: string, text: string): string => {
    const file = path.join(dir, 'consultations', name);
    writeFileSync(file, text);
    return file;
  };
  const rejection = (file: string): CatalogError => {
    try {
      loadCatalog(file, SHIPPED);
    } catch (error) {
      if (error instanceof CatalogError) return error;
      throw error;
    }
    throw new Error('expected the catalogue to be rejected');
  };

  it('loads one consultation per file, in file-name order, after those of the catalogue', () => {
    write('b-second.yaml', CONSULTATION.replace('id: bike-lane', 'id: second'));
    write('a-first.yml', CONSULTATION);
    write('.hidden.yaml', 'not: a consultation');
    write('notes.txt', 'ignored');
    const catalog = loadCatalog(catalogFile(), SHIPPED);
    expect(catalog.consultations.map((c) => c.id)).toEqual(['bike-lane', 'second']);
    expect(catalog.consultations[0]).toEqual(EXPECTED);
  });

  it('names the consultation file, the path inside it and the line', () => {
    const file = write('bike-lane.yaml', CONSULTATION.replace('results: public_after_close', 'results: after_close'));
    const error = rejection(catalogFile());
    const line = CONSULTATION.split('\n').findIndex((l) => l.startsWith('results:')) + 1;
    expect(error.issues).toEqual([expect.objectContaining({ file, path: 'results', line })]);
    expect(error.message).toContain(`${file}: results: must be one of: public_live, public_after_close, staff_only (line ${String(line)})`);
  });

  it('names the file of a YAML syntax error and of a condition problem, each in its own file', () => {
    const broken = write('a.yaml', 'id: [oops\n');
    const later = write('b.yaml', CONSULTATION.replace('id: bike-lane', 'id: other').replace('question: cycle, op', 'question: where2, op'));
    const error = rejection(catalogFile());
    expect(error.issues).toEqual([
      expect.objectContaining({ file: broken, message: expect.stringContaining('YAML syntax error') }),
      expect.objectContaining({ file: later, path: 'questions[5].condition.question', message: expect.stringContaining("unknown question 'where2'") }),
    ]);
  });

  it('refuses an id defined twice across the catalogue and the folder', () => {
    const file = write('dup.yaml', CONSULTATION);
    const catalog = catalogFile(`consultations:\n${indent(`- ${indent(CONSULTATION, '  ').trimStart()}`, '  ')}`);
    const error = rejection(catalog);
    expect(error.issues).toEqual([expect.objectContaining({ file, path: 'id', line: 1, message: `duplicate consultation id 'bike-lane' (also in ${catalog} consultations[0])` })]);
  });

  it('reports a missing folder at consultations_dir in the catalogue file', () => {
    rmSync(path.join(dir, 'consultations'), { recursive: true });
    const file = catalogFile();
    const error = rejection(file);
    const line = BASE.split('\n').length;
    expect(error.issues).toEqual([expect.objectContaining({ path: 'consultations_dir', line, message: expect.stringContaining('not found') })]);
    expect(error.message).toContain(`${file}: consultations_dir: cannot read the folder`);
  });
});
