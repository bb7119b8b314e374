/**
 * Spanish addresses the person as "tú", never "usted" (issue 14): the shipped locale, the demo
 * city's catalogue (categories, attributes, emergencies, consultations, volunteering, assets)
 * and the catalogue fixtures the transcripts use. A mixed register reads as two different
 * voices in one conversation.
 *
 * The check looks for usted forms that are unambiguous in a text addressed to the reader: the
 * pronoun, usted imperatives (with or without an enclitic: "escriba", "compárelo"), and usted
 * verb forms at the start of a question or clause ("¿Puede...", "si quiere"). Third-person
 * statements about an agency or a shift ("la agencia puede", "el turno tiene") are not usted:
 * plain third-person forms are only flagged where they address the reader (after "¿", "si",
 * "usted", or opening the text), and the allowlist below holds the few texts the patterns cannot
 * tell apart, each with its reason. "su/sus" is not checked: it is also "its/their".
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { readLocaleFiles } from '../../src/i18n';

/**
 * Usted imperatives with an enclitic pronoun ("compárelo", "omítalo", "inténtelo"): unambiguous
 * wherever they stand.
 */
const ENCLITIC = [
  'compárelo', 'compárela', 'omítalo', 'omítala', 'inténtelo', 'manténgase', 'apúntese', 'aléjese', 'asegúrese', 'fíjese', 'póngase',
  'diríjase', 'inscríbase', 'díganos', 'díganoslo', 'cuéntenos', 'escríbanos', 'llámenos', 'indíquenos', 'avísenos', 'mándenos',
  'tráigalo', 'guárdelo', 'envíelo', 'escríbalo', 'compártalo', 'dígalo', 'hágalo', 'pruébelo', 'revíselo',
];

/**
 * Plain usted imperatives: the same words as the third-person subjunctive ("que la agencia te
 * contacte", "el cierre"), so they count only where an imperative stands: opening the text or
 * a clause (after . : ; ! ? ¡ ¿ , "y", "o", "por favor").
 */
const IMPERATIVES = [
  'abra', 'acepte', 'active', 'adjunte', 'añada', 'cancele', 'comparta', 'compruebe', 'confirme', 'consulte', 'contacte', 'describa',
  'elija', 'envíe', 'escoja', 'escriba', 'espere', 'evite', 'haga', 'indique', 'introduzca', 'llame', 'marque', 'mande', 'permanezca',
  'pruebe', 'pulse', 'responda', 'revise', 'salga', 'seleccione', 'siga', 'suponga', 'toque', 'traiga', 'utilice', 'vuelva', 'use',
  'lea', 'deje', 'vaya', 'venga', 'ponga', 'guarde', 'diga', 'intente', 'aproveche', 'recuerde', 'tenga', 'sepa',
  // "ustedes" to a group (a triage channel): Spanish of the Americas has no informal plural, so such texts are impersonal instead.
  'eliminen', 'borren', 'contacten', 'revisen', 'escriban', 'respondan', 'envíen', 'pulsen', 'indiquen', 'elijan', 'compartan',
];

/**
 * Present and past forms that are usted and third person alike ("puede", "notó"): they count
 * only where they address the reader, opening a question or a condition ("¿Puede...?", "si
 * quiere"), or with "usted".
 */
const AMBIGUOUS = ['puede', 'pueden', 'tiene', 'quiere', 'desea', 'prefiere', 'necesita', 'sabe', 'notó', 'vio', 'encontró', 'le gustaría', 'le gustaria'];

/** Object pronouns for the reader in usted ("le avisaremos"): "te" in tú. */
const OBJECT = ['le avisaremos', 'le escribiremos', 'le enviaremos', 'le llamaremos', 'le contactaremos', 'le informaremos', 'le agradecemos', 'le pedimos', 'le recordamos', 'se lo agradecemos', 'le mantendremos'];

const word = (w: string) => `(?<![\\p{L}\\p{N}])(?:${w})(?![\\p{L}\\p{N}])`;
const CLAUSE = `(?:^|[.:;!?¡¿,]\\s*|${word('y|o|e|por favor')}\\s+)`;
const PATTERNS: { name: string; re: RegExp }[] = [
  { name: 'usted', re: new RegExp(word('ustede?s?'), 'iu') },
  { name: 'enclitic', re: new RegExp(word(ENCLITIC.join('|')), 'iu') },
  { name: 'imperative', re: new RegExp(`${CLAUSE}(?:no\\s+)?(?:${word('la|lo|las|los|le|les|me|nos|se')}\\s+)?${word(IMPERATIVES.join('|'))}`, 'iu') },
  { name: 'addressing', re: new RegExp(`(?:¿\\s*|${word('si|usted')}\\s+)(?:no\\s+)?${word(AMBIGUOUS.join('|'))}`, 'iu') },
  // "Puede escribir...", "Tiene que aceptar...", opening a sentence: the reader as usted ("Puede que..." is impersonal).
  { name: 'can / must', re: new RegExp(`${CLAUSE}(?:no\\s+)?(?:puede\\s+\\p{L}+(?:ar|er|ir|arlo|erlo|irlo|arla|erla|irla)(?![\\p{L}\\p{N}])|tiene\\s+que(?![\\p{L}\\p{N}]))`, 'iu') },
  { name: 'object pronoun', re: new RegExp(word(OBJECT.join('|')), 'iu') },
  // A question about the reader's own past in usted: "¿Cuándo lo notó...?"
  { name: 'question', re: /¿[^?]*(?<![\p{L}])(?:lo|la|le)\s+(?:notó|vio|encontró)(?![\p{L}])/iu },
];

/**
 * Texts a pattern flags although they do not address the reader as usted: `where` is the text's
 * place (`locales/es.json <key path>` or `demo-city.<path>`), `match` the part allowed, `reason`
 * why it is not usted. Empty today: every text the patterns flagged was usted, and was changed.
 * An entry that no longer matches anything fails the test (no stale exceptions).
 */
const ALLOWED: { where: string; match: string; reason: string }[] = [];

interface Found {
  where: string;
  text: string;
  pattern: string;
  match: string;
}

/** Every string of a locale file, with its key path. */
function strings(tree: unknown, where: string): { where: string; text: string }[] {
  if (typeof tree === 'string') return [{ where, text: tree }];
  if (Array.isArray(tree)) return tree.flatMap((v, i) => strings(v, `${where}[${i}]`));
  if (typeof tree === 'object' && tree !== null) return Object.entries(tree).flatMap(([k, v]) => strings(v, where.endsWith('.json') ? `${where} ${k}` : `${where}.${k}`));
  return [];
}

/** The Spanish texts of a catalogue: every `es` value of a localized map (`{ en, es, ar }`), at any depth. */
function spanishOf(tree: unknown, where: string): { where: string; text: string }[] {
  if (Array.isArray(tree)) return tree.flatMap((v, i) => spanishOf(v, `${where}[${i}]`));
  if (typeof tree !== 'object' || tree === null) return [];
  return Object.entries(tree).flatMap(([k, v]) => {
    if (k === 'es') return typeof v === 'string' ? [{ where: `${where}.es`, text: v }] : Array.isArray(v) ? [] : spanishOf(v, `${where}.es`);
    return spanishOf(v, `${where}.${k}`);
  });
}

function ustedIn(texts: { where: string; text: string }[], allowed = ALLOWED): Found[] {
  const found: Found[] = [];
  for (const { where, text } of texts) {
    // Code spans (`/wegov status WG-7K3QX9`) and placeholders ({{agency}}) are not prose.
    const prose = text.replace(/`[^`]*`/g, ' ').replace(/\{\{[^}]*\}\}/g, ' ');
    for (const { name, re } of PATTERNS) {
      const m = re.exec(prose);
      if (!m) continue;
      const match = m[0].replace(/^[\s¿¡.:;!?]+/u, '').trim();
      if (allowed.some((a) => a.where === where && match.toLowerCase().includes(a.match.toLowerCase()))) continue;
      found.push({ where, text, pattern: name, match });
    }
  }
  return found;
}

const root = path.join(__dirname, '..', '..');
const fixtures = path.join(root, 'test', 'dialogs', 'fixtures');

describe('Spanish uses "tú" throughout', () => {
  it('locales/es.json', () => {
    expect(ustedIn(strings(readLocaleFiles().es, 'locales/es.json'))).toEqual([]);
  });

  it('the demo city (config/demo-city.yaml)', () => {
    const texts = spanishOf(parse(readFileSync(path.join(root, 'config', 'demo-city.yaml'), 'utf8')), 'demo-city');
    expect(texts.length).toBeGreaterThan(100);
    expect(ustedIn(texts)).toEqual([]);
  });

  it('the catalogue fixtures of the transcripts (test/dialogs/fixtures)', () => {
    const texts = readdirSync(fixtures)
      .filter((f) => /\.(json|ya?ml)$/.test(f))
      .flatMap((f) => spanishOf(parse(readFileSync(path.join(fixtures, f), 'utf8')), f));
    expect(ustedIn(texts)).toEqual([]);
  });

  it('every allowlisted text still exists and still needs its exception', () => {
    const all = [...strings(readLocaleFiles().es, 'locales/es.json'), ...spanishOf(parse(readFileSync(path.join(root, 'config', 'demo-city.yaml'), 'utf8')), 'demo-city')];
    for (const a of ALLOWED) {
      const flagged = ustedIn(all.filter((t) => t.where === a.where), []).some((f) => f.match.toLowerCase().includes(a.match.toLowerCase()));
      expect({ where: a.where, match: a.match, flagged }).toEqual({ where: a.where, match: a.match, flagged: true });
    }
  });

  it('catches the usted forms it is meant to catch', () => {
    const caught = (text: string) => ustedIn([{ where: 'sample', text }]).map((f) => f.pattern);
    expect(caught('Compárelo con un plato.')).toEqual(['enclitic']);
    expect(caught('Suele estar en una placa. Omítalo si no lo ve.')).toEqual(['enclitic']);
    expect(caught('Slack no puede compartir una ubicación: escriba la dirección.')).toEqual(['imperative']);
    expect(caught('¿Cuándo lo notó por primera vez?')).toEqual(['question']);
    expect(caught('¿Puede decirnos dónde está?')).toEqual(['addressing']);
    expect(caught('Si quiere, escriba la dirección.')).toEqual(['imperative', 'addressing']);
    expect(caught('Gracias, usted es muy amable.')).toEqual(['usted']);
    expect(caught('Le avisaremos cuando cambie.')).toEqual(['object pronoun']);
    expect(caught('Puede escribir la dirección. Tiene que aceptar.')).toEqual(['can / must']);
    // Third person about an agency or a shift, and tú forms, are fine.
    expect(caught('La agencia puede tardar unos días. El turno tiene diez plazas. Este chat no puede recibirlo. Puede que se haya retirado.')).toEqual([]);
    expect(caught('Aceptas que la agencia te contacte. Tras el cierre de la consulta. Que otro turno te vaya mejor.')).toEqual([]);
    expect(caught('Compáralo con un plato. Omítelo si no lo ves. ¿Cuándo lo notaste?')).toEqual([]);
    expect(caught('Escribe la dirección, por favor. Puedes elegir otro turno.')).toEqual([]);
  });
});
