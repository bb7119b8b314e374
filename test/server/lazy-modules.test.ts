/**
 * What a server loads at start is memory it holds for its whole life (issue 15: RSS under 200 MB).
 * Composed as `npm start` composes it, without Slack or Telegram, it must not load Bolt or the
 * Slack Web API client (about 30 MB), Telegraf (about 16 MB), undici (about 12 MB, until an HTTP
 * sink, webhook or Open311, is built), sharp (libvips, about 10 MB, until the first photo), pino-pretty (unless
 * log lines are for a person), or chrono-node's and natural's parsers, stemmers and tokenizers
 * for languages WeGov does not read.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { photoWithGps } from '../support/photos';
import { spawnTsChild } from '../support/ts-child';

interface Report {
  composed: { packages: string[]; chronoLocales: string[]; natural: string[] };
  afterPhoto: { packages: string[]; stripped: string };
}

describe('modules loaded at start', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'wegov-lazy-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads Slack, Telegram, undici, sharp and the pretty printer only when they are needed, and only the languages it reads', async () => {
    const png = await photoWithGps('png', { width: 40, height: 30 });
    const child = spawnTsChild<Report>(path.join(__dirname, 'lazy-modules-child.ts'), { PNG: png.toString('base64'), SUBMISSIONS_FILE: path.join(dir, 'submissions.jsonl') });
    try {
      const report = await child.waitForMessage(() => true, 50_000);
      expect(report.composed.packages).toEqual(expect.arrayContaining(['express', 'chrono-node', 'zod']));
      for (const lazy of ['@slack/bolt', '@slack/web-api', 'telegraf', 'undici', 'sharp', 'pino-pretty']) expect(report.composed.packages).not.toContain(lazy);
      expect(report.composed.chronoLocales).toEqual(['en', 'es', 'fr']);
      // natural's stemmers and tokenizers for English, Spanish and French, not its thirty languages.
      expect(report.composed.natural).toContain('stemmers/porter_stemmer_fr');
      expect(report.composed.natural).toContain('tokenizers/regexp_tokenizer');
      expect(report.composed.natural.filter((f) => f.endsWith('/index') || /_(ja|ru|fa|de|nl|it|pt|sv|no|uk|pl|id|vi|hi)$/.test(f))).toEqual([]);
      // The first photo loads sharp, and it decodes.
      expect(report.afterPhoto.stripped).toBe('stripped');
      expect(report.afterPhoto.packages).toContain('sharp');
      expect(report.afterPhoto.packages).not.toContain('@slack/bolt');
    } finally {
      await child.kill();
    }
  }, 60_000);
});
