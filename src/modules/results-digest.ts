/**
 * Results digests: a short, channel-free summary of one participation's results for staff
 * (every count as it is: no small-cell hiding), which a staff channel renders its own way
 * (Slack's `/wegov results <id>`, adapters/slack/results-command.ts). A module that has
 * results offers them through its services (src/modules/services.ts, `digests`); the
 * composition root hands the merged provider to the channels, so no adapter names a module.
 * Texts are already in the reader's language; dates are ISO instants.
 */

/** Whether the public may see the results: now, after closing, or never. */
export type DigestPublication = 'public' | 'after_close' | 'staff_only';

/** Where a participation stands in time. */
export type DigestState = 'not_yet_open' | 'open' | 'closed';

/** One participation a staff channel can show results of. */
export interface DigestEntry {
  id: string;
  title: string;
  state: DigestState;
  opensAt: string;
  closesAt: string;
}

/** One answer option as shown: its label, how many chose it, and its share of those who answered (0..1). */
export interface DigestOption {
  label: string;
  count: number;
  share: number;
}

/** One question with countable answers (a choice, yes/no, a scale). */
export interface DigestQuestion {
  text: string;
  /** People who answered it. */
  answered: number;
  /** In the order to show: the most chosen first for choices (the top ones only), in scale order for a scale. */
  options: DigestOption[];
  /** Options left out of `options` (the least chosen). */
  more: number;
  /** A scale's mean answer (absent when nobody answered). */
  mean?: number;
  /** Several answers per person: the shares add up to more than 100%. */
  multiple?: boolean;
}

export interface ResultsDigest extends DigestEntry {
  responses: number;
  publication: DigestPublication;
  /** The full results page. */
  url: string;
  questions: DigestQuestion[];
  /** Questions with other kinds of answers (free text, numbers, rankings, places): on the full page only. */
  otherQuestions: number;
}

/** What a module with results offers staff channels. */
export interface ResultsDigests {
  /** Every participation with results, in the reader's language. */
  list(locale: string): DigestEntry[];
  /** The digest of `id` in `locale`, or null when the module does not know it. */
  digest(id: string, locale: string): Promise<ResultsDigest | null>;
}

/** Several modules' digests as one: lists joined, a digest from the first module that knows the id. */
export function mergeDigests(all: readonly ResultsDigests[]): ResultsDigests {
  return {
    list: (locale) => all.flatMap((d) => d.list(locale)),
    async digest(id, locale) {
      for (const d of all) {
        const found = await d.digest(id, locale);
        if (found) return found;
      }
      return null;
    },
  };
}
