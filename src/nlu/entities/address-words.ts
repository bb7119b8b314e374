import type { Token } from './tokens';

/**
 * The words street addresses are built from, per language, in their matching form (normalize.ts:
 * lower case, no accents; Arabic folded, so ة is ه and the article ال is gone). English puts the
 * street type after the name ("12 Oak Ave"); Spanish, French and Arabic put it first ("Calle
 * Mayor 5", "5 rue de la Paix", "شارع النهر ٥"). Each type maps to one canonical form, so "Ave",
 * "Avenue" and "Av" compare equal.
 */

/** English (and the few used the same way elsewhere): the type follows the name. */
export const TYPES_AFTER: Readonly<Record<string, string>> = {
  st: 'st', street: 'st', str: 'st',
  ave: 'ave', avenue: 'ave', av: 'ave',
  rd: 'rd', road: 'rd',
  blvd: 'blvd', boulevard: 'blvd',
  dr: 'dr', drive: 'dr',
  ln: 'ln', lane: 'ln',
  way: 'way',
  pl: 'pl', place: 'pl',
  ct: 'ct', court: 'ct',
  ter: 'ter', terrace: 'ter',
  pkwy: 'pkwy', parkway: 'pkwy',
  hwy: 'hwy', highway: 'hwy',
  sq: 'sq', square: 'sq',
  cir: 'cir', circle: 'cir',
  trl: 'trl', trail: 'trl',
  cres: 'cres', crescent: 'cres',
};

/** Spanish, French and Arabic: the type comes first. */
export const TYPES_BEFORE: Readonly<Record<string, string>> = {
  // es
  calle: 'calle', c: 'calle', cl: 'calle',
  avenida: 'avenida', avda: 'avenida', av: 'avenida',
  paseo: 'paseo', plaza: 'plaza', pza: 'plaza', camino: 'camino', carretera: 'carretera', ctra: 'carretera',
  ronda: 'ronda', travesia: 'travesia', glorieta: 'glorieta', bulevar: 'bulevar', callejon: 'callejon', pasaje: 'pasaje',
  carrera: 'carrera', calzada: 'calzada',
  // fr
  rue: 'rue', avenue: 'avenue', boulevard: 'boulevard', bd: 'boulevard', place: 'place', chemin: 'chemin', allee: 'allee',
  impasse: 'impasse', quai: 'quai', route: 'route', cours: 'cours', square: 'square', passage: 'passage', voie: 'voie',
  // ar (folded: جادة -> جاده)
  شارع: 'شارع', طريق: 'طريق', ميدان: 'ميدان', جاده: 'جاده', زقاق: 'زقاق', دوار: 'دوار',
};

/** Between a leading type and the name: "Calle de la Paz", "rue du Port", "avenue des Lilas". */
export const CONNECTORS: ReadonlySet<string> = new Set(['de', 'del', 'la', 'las', 'los', 'el', 'du', 'des', 'le', 'l', 'd', 'di', 'of']);

/** Before a house number that follows the street: "Calle Mayor, nº 5", "شارع النهر رقم ٥". */
export const NUMBER_MARKERS: ReadonlySet<string> = new Set(['n', 'no', 'nº', 'n°', 'num', 'numero', 'nro', 'nr', 'number', 'رقم']);

/** French house-number suffixes: "5 bis rue ...". */
export const NUMBER_SUFFIXES: ReadonlySet<string> = new Set(['bis', 'ter', 'quater']);

/** Joining two streets into a crossing: "5th St and Elm St", "Calle Mayor y Calle Oak". */
export const CROSSING_WORDS: ReadonlySet<string> = new Set(['and', '&', '/', 'y', 'e', 'et', 'at', 'with', 'con', 'esquina', 'angle', 'و']);

/**
 * Words that end a street name when read away from its type: verbs, prepositions, articles and
 * the like in each language ("the light outside 12 Oak Ave is broken": the name is "Oak").
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  // en
  'a', 'an', 'the', 'is', 'are', 'was', 'were', 'be', 'been', 'has', 'have', 'had', 'and', 'or', 'but', 'near', 'outside',
  'in', 'on', 'at', 'by', 'of', 'to', 'for', 'with', 'from', 'into', 'it', 'its', 'there', 'here', 'this', 'that', 'these',
  'my', 'our', 'your', 'their', 'his', 'her', 'next', 'behind', 'opposite', 'corner', 'between', 'since', 'across', 'off',
  'up', 'down', 'along', 'past', 'just', 'not', 'no', 'out', 'broken', 'again', 'still', 'i', 'we', 'you', 'they', 'he', 'she',
  'front', 'outside', 'inside', 'above', 'below', 'under', 'over', 'around', 'street', 'road', 'same', 'other', 'every',
  // es
  'esta', 'estan', 'es', 'son', 'hay', 'y', 'o', 'en', 'con', 'cerca', 'frente', 'junto', 'que', 'lleva', 'llevan', 'desde',
  'por', 'para', 'al', 'mi', 'su', 'sus', 'tu', 'muy', 'roto', 'rota', 'rotos', 'un', 'una', 'unos', 'unas', 'delante', 'detras',
  'entre', 'sin', 'se', 'lo', 'le', 'les', 'ya', 'aqui', 'alli', 'esquina', 'mismo', 'misma',
  // fr
  'est', 'sont', 'et', 'ou', 'devant', 'pres', 'au', 'aux', 'dans', 'sur', 'depuis', 'il', 'elle', 'qui', 'ne', 'pas',
  'ma', 'mon', 'mes', 'notre', 'votre', 'ce', 'cette', 'ces', 'une', 'derriere', 'cote', 'coin', 'casse', 'cassee',
  // ar (folded)
  'في', 'عند', 'قرب', 'امام', 'بجانب', 'من', 'منذ', 'هو', 'هي', 'علي', 'الي', 'مع', 'هذا', 'هذه', 'لا', 'ان', 'كان', 'بين', 'خلف',
]);

/** Ordinal words people type for numbered streets, folded to their digits ("Third St" = "3rd St"). */
export const ORDINAL_WORDS: Readonly<Record<string, string>> = {
  first: '1', second: '2', third: '3', fourth: '4', fifth: '5', sixth: '6', seventh: '7', eighth: '8', ninth: '9', tenth: '10',
  primera: '1', segunda: '2', tercera: '3', cuarta: '4', quinta: '5', sexta: '6', septima: '7', octava: '8', novena: '9', decima: '10',
  premiere: '1', deuxieme: '2', troisieme: '3', quatrieme: '4', cinquieme: '5', sixieme: '6', septieme: '7', huitieme: '8', neuvieme: '9', dixieme: '10',
  اول: '1', اولي: '1', ثاني: '2', ثالث: '3', رابع: '4', خامس: '5', سادس: '6', سابع: '7', ثامن: '8', تاسع: '9', عاشر: '10',
};

/** A name word in matching form: ordinals as digits ("third", "3rd" and "3" are all "3"). */
export function nameWord(t: Pick<Token, 'kind' | 'norm'>): string {
  if (t.kind === 'ordinal') return t.norm.replace(/\D/g, '');
  return ORDINAL_WORDS[t.norm] ?? t.norm;
}

/** A street type in its canonical form (either position), or the word itself. */
export function typeWord(word: string): string {
  return TYPES_AFTER[word] ?? TYPES_BEFORE[word] ?? word;
}
