/**
 * natural's Porter stemmers for the languages WeGov reads (English, Spanish, French; Arabic has
 * its own light stemmer, arabic-stem.ts), each required from its own file: natural's stemmers
 * index loads all of its thirty stemmers (Japanese, Persian, Russian, ...), about 10 MB of
 * resident memory a server would hold for nothing. The objects are the ones the index exports.
 */
import type * as Stemmers from 'natural/lib/natural/stemmers';

export type Stemmer = Stemmers.Stemmer;

export const PorterStemmer = require('natural/lib/natural/stemmers/porter_stemmer') as typeof Stemmers.PorterStemmer;
export const PorterStemmerEs = require('natural/lib/natural/stemmers/porter_stemmer_es') as typeof Stemmers.PorterStemmerEs;
export const PorterStemmerFr = require('natural/lib/natural/stemmers/porter_stemmer_fr') as typeof Stemmers.PorterStemmerFr;
