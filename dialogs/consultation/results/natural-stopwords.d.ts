/**
 * Types for natural's stop-word lists, imported by file: natural declares them only through
 * `natural/lib/natural/util`, whose index also loads natural's storage back ends (pg,
 * mongoose, redis, dotenv banners; see STACK.md). Both files are `exports.words = [...]`.
 */
declare module 'natural/lib/natural/util/stopwords' {
  export const words: string[];
}
declare module 'natural/lib/natural/util/stopwords_es' {
  export const words: string[];
}
declare module 'natural/lib/natural/util/stopwords_fr' {
  export const words: string[];
}
