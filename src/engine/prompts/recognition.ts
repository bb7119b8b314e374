import type { Env } from '../env';
import type { Json } from '../json';
import type { Text } from '../text';

/** The outcome of recognising one input against one prompt. Pure; never throws. */
export type Recognition =
  | { kind: 'answer'; value: Json }
  | { kind: 'invalid'; code: string; reason: Text[] }
  /** A multi-select in progress: the picks so far. */
  | { kind: 'partial'; picks: string[] }
  /** A review step's "change ..." choice. */
  | { kind: 'edit'; editId: string };

export interface RecognizeCtx {
  env: Env;
  locale: string;
  /** Picks so far of a multi-select question. */
  picks: string[];
}

export const invalid = (code: string, reason: Text[]): Recognition => ({ kind: 'invalid', code, reason });
export const answer = (value: Json): Recognition => ({ kind: 'answer', value });
