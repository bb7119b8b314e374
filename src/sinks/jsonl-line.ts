/**
 * The format of one line of the submissions file (jsonl-file-sink.ts writes it, jsonl-rewrite.ts
 * rewrites it for erasure and retention). Its own file so the two need not import each other.
 */
import type { Submission } from '../state/types';

/** A photo as listed in a JSONL line: where the copy is, relative to the file's folder. */
export interface JsonlMediaFile {
  mediaId: string;
  contentType: string;
  /** e.g. `media/Xy12.jpg`; null when the photo had already expired from the media store. */
  file: string | null;
}

/** One line of the submissions file. */
export interface JsonlLine {
  id: string;
  kind: Submission['kind'];
  conversationId: string;
  createdAt: string;
  deliveredAt: string;
  files: JsonlMediaFile[];
  payload: unknown;
  /** Set when the person's data was erased from this line ("delete my data"). */
  erasedAt?: string;
}
