import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { MediaStore, Submission } from '../state/types';
import { erasureRequestOf } from '../privacy/erasure-request';
import { eraseLines, rewriteJsonl, type LineTransform, type RewriteResult } from './jsonl-rewrite';
import type { JsonlLine, JsonlMediaFile } from './jsonl-line';
import type { Sink } from './types';

export type { JsonlLine, JsonlMediaFile } from './jsonl-line';

/** Modes of what the sink creates: owner read/write only. */
export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
};

/** The part of a payload that names photos (a Report's `media`). */
const payloadMedia = z.object({
  media: z.array(z.object({ mediaId: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/), contentType: z.string() })).optional(),
});

/**
 * The embedded default sink: appends one JSON line per submission to a file and copies each
 * photo to `<folder of the file>/media/<mediaId>.<ext>`, written before the line so a reader
 * that sees the line finds the photo. Appends are serialised within the process, and lines that
 * arrive during one are written together by the next; across processes each append is one write
 * of whole lines (O_APPEND). At-least-once: a line may repeat after a
 * crash, so readers de-duplicate by `id`.
 *
 * The file and the photos are personal data: created owner-only (files 0600, folders 0700),
 * whatever the process umask (a umask only removes permissions, it can never widen these).
 * Files and folders that already exist keep their mode.
 */
export class JsonlFileSink implements Sink {
  readonly name = 'jsonl-file';
  private readonly file: string;
  private readonly mediaDir: string;
  private tail: Promise<void> = Promise.resolve();
  /** The lines of the append queued last, while more may still join it (see `append`). */
  private open: { line: string; resolve: () => void; reject: (error: unknown) => void }[] | undefined;

  constructor(file: string, private readonly now: () => Date = () => new Date()) {
    this.file = path.resolve(file);
    this.mediaDir = path.join(path.dirname(this.file), 'media');
  }

  /** Absolute path of the JSONL file. */
  get path(): string {
    return this.file;
  }

  /** Every kind: an erasure request anonymises the person's lines instead of adding one. */
  accepts(): boolean {
    return true;
  }

  async deliver(submission: Submission, media: MediaStore): Promise<void> {
    const erasure = erasureRequestOf(submission);
    if (erasure !== null) {
      await this.rewrite(eraseLines(erasure));
      return;
    }
    const files = await this.copyMedia(submission, media);
    const line: JsonlLine = {
      id: submission.id,
      kind: submission.kind,
      // A pseudonymous result (a consultation response, a volunteer sign-up) never names the chat.
      conversationId: isPseudonymous(submission.payload) ? PSEUDONYMOUS : submission.conversationId,
      createdAt: submission.createdAt,
      deliveredAt: this.now().toISOString(),
      files,
      payload: submission.payload,
    };
    await this.append(`${JSON.stringify(line)}\n`);
  }

  private async copyMedia(submission: Submission, media: MediaStore): Promise<JsonlMediaFile[]> {
    const parsed = payloadMedia.safeParse(submission.payload);
    const listed = parsed.success ? (parsed.data.media ?? []) : [];
    const files: JsonlMediaFile[] = [];
    for (const item of listed) {
      const stored = await media.get(item.mediaId);
      if (!stored) {
        // Expired or never stored: retrying cannot bring it back, so the line says so instead.
        files.push({ mediaId: item.mediaId, contentType: item.contentType, file: null });
        continue;
      }
      const ext = EXTENSIONS[stored.contentType] ?? 'bin';
      const relative = `media/${item.mediaId}.${ext}`;
      await fs.mkdir(this.mediaDir, { recursive: true, mode: DIR_MODE });
      await fs.writeFile(path.join(this.mediaDir, `${item.mediaId}.${ext}`), stored.data, { mode: FILE_MODE });
      files.push({ mediaId: item.mediaId, contentType: stored.contentType, file: relative });
    }
    return files;
  }

  /**
   * Rewrites the file line by line (erasure, retention: jsonl-rewrite.ts), in turn with appends.
   * One process writes a given file (the embedded default); a fleet uses Redis and real sinks.
   */
  rewrite(transform: LineTransform): Promise<RewriteResult> {
    this.open = undefined; // a line delivered from now on is written after the rewrite
    return this.serialised(() => rewriteJsonl(this.file, path.dirname(this.file), transform, FILE_MODE));
  }

  /**
   * Lines delivered while an append (or rewrite) is under way wait and go together in the next
   * append: under load one open, write and close for many lines, instead of a folder check and
   * an open, write and close each. Each line's promise settles with its batch's write. Order is
   * kept: a line joins only the append queued last, and not across a rewrite queued after it.
   */
  private append(line: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.open) {
        this.open.push({ line, resolve, reject });
        return;
      }
      const batch = [{ line, resolve, reject }];
      this.open = batch;
      void this.serialised(async () => {
        if (this.open === batch) this.open = undefined; // written now: later lines make the next batch
        try {
          await this.appendText(batch.map((w) => w.line).join(''));
        } catch (error) {
          for (const w of batch) w.reject(error);
          return;
        }
        for (const w of batch) w.resolve();
      });
    });
  }

  /** Appends to the file, making its folders (owner-only) only when they are missing. */
  private async appendText(text: string): Promise<void> {
    const options = { encoding: 'utf8', mode: FILE_MODE } as const;
    try {
      await fs.appendFile(this.file, text, options);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await fs.mkdir(path.dirname(this.file), { recursive: true, mode: DIR_MODE });
      await fs.appendFile(this.file, text, options);
    }
  }

  private serialised<T>(run: () => Promise<T>): Promise<T> {
    const next = this.tail.then(run, run);
    // The chain only orders writes; each caller sees its own write's outcome.
    this.tail = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }
}

/** What a pseudonymous result's line says instead of the conversation (a Telegram one names the person). */
export const PSEUDONYMOUS = 'pseudonymous';

function isPseudonymous(payload: unknown): boolean {
  if (typeof payload !== 'object' || payload === null) return false;
  // A consultation response's `participant`; a volunteer sign-up's or cancellation's `volunteer` pseudonym.
  const p = payload as { participant?: unknown; volunteer?: unknown };
  return typeof p.participant === 'string' || typeof p.volunteer === 'string';
}
