/**
 * Retention with a fake clock: case records and submissions-file lines go after `cases_days`,
 * photo copies after `photos_days`, newer data stays. The case stores' own deletion is in the
 * case-store contract (both stores); here the job drives them with the catalogue's periods.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MemoryCaseStore } from '../../src/cases';
import { loadCatalog, defaultCatalogPath } from '../../src/catalog';
import { createLogger } from '../../src/log';
import { RetentionJob } from '../../src/privacy/retention';
import { JsonlFileSink, type JsonlLine } from '../../src/sinks/jsonl-file-sink';
import { MemoryMediaStore } from '../../src/state/memory-store';
import { sampleReport, sampleSubmission } from '../sinks/webhook/support';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00.000Z');

function lines(file: string): JsonlLine[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as JsonlLine);
}

describe('retention job', () => {
  let dir: string;
  let now: number;
  let sink: JsonlFileSink;
  let cases: MemoryCaseStore;
  let job: RetentionJob;
  const media = new MemoryMediaStore();

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wegov-retention-'));
    now = T0;
    sink = new JsonlFileSink(path.join(dir, 'submissions.jsonl'), () => new Date(now));
    cases = new MemoryCaseStore(() => now);
    const catalog = loadCatalog(defaultCatalogPath({}));
    expect(catalog.retention).toEqual({ casesDays: 365, photosDays: 90, transcriptsDays: 90, consultationResponsesDays: 730 });
    job = new RetentionJob({ retention: catalog.retention, cases, files: () => [sink], logger: createLogger({ level: 'silent' }), now: () => new Date(now) });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  afterAll(() => media.close());

  async function deliverWithPhoto(id: string): Promise<string> {
    const mediaId = `photo_${id}`;
    await media.put(mediaId, 'image/jpeg', Buffer.from('jpeg bytes'), 60);
    const report = sampleReport({ id, reference: `WG-${id.toUpperCase()}`, media: [{ mediaId, contentType: 'image/jpeg', bytes: 10 }] });
    await sink.deliver(sampleSubmission(report), media);
    return path.join(dir, 'media', `${mediaId}.jpg`);
  }

  it('deletes photo copies after 90 days and whole lines and case records after 365; newer data stays', async () => {
    const oldPhoto = await deliverWithPhoto('aaaaaa');
    await cases.put({ key: 'aaaaaa@pw.0', submissionId: 'aaaaaa', sinkKey: 'pw.0', reference: 'WG-AAAAAA', state: 'created', updatedAt: new Date(now).toISOString() });
    now = T0 + 60 * DAY;
    const newPhoto = await deliverWithPhoto('bbbbbb');
    await cases.put({ key: 'bbbbbb@pw.0', submissionId: 'bbbbbb', sinkKey: 'pw.0', reference: 'WG-BBBBBB', state: 'created', updatedAt: new Date(now).toISOString() });

    // Day 89: nothing is due yet.
    now = T0 + 89 * DAY;
    expect(await job.sweepOnce()).toEqual({ cases: 0, deadLetters: 0, fileLines: 0, photos: 0, modules: {} });
    expect(fs.existsSync(oldPhoto)).toBe(true);

    // Day 91: the first photo copy goes; its line says so; the second (31 days old) stays.
    now = T0 + 91 * DAY;
    expect(await job.sweepOnce()).toEqual({ cases: 0, deadLetters: 0, fileLines: 0, photos: 1, modules: {} });
    expect(fs.existsSync(oldPhoto)).toBe(false);
    expect(fs.existsSync(newPhoto)).toBe(true);
    expect(lines(sink.path).map((l) => l.files[0]?.file ?? null)).toEqual([null, 'media/photo_bbbbbb.jpg']);
    expect(fs.statSync(sink.path).mode & 0o777).toBe(0o600);

    // Day 366: the first report's line and case record go; the second is kept (306 days old).
    now = T0 + 366 * DAY;
    expect(await job.sweepOnce()).toEqual({ cases: 1, deadLetters: 0, fileLines: 1, photos: 1, modules: {} });
    expect(lines(sink.path).map((l) => l.id)).toEqual(['bbbbbb']);
    expect(await cases.get('aaaaaa@pw.0')).toBeNull();
    expect(await cases.get('bbbbbb@pw.0')).not.toBeNull();
    expect(await cases.tracked('pw.0')).toHaveLength(1);
  });

  it('keeps lines it cannot read, and a missing file is no error', async () => {
    expect(await job.sweepOnce()).toEqual({ cases: 0, deadLetters: 0, fileLines: 0, photos: 0, modules: {} });
    fs.writeFileSync(sink.path, 'not json\n', { mode: 0o600 });
    await deliverWithPhoto('cccccc');
    now = T0 + 400 * DAY;
    expect(await job.sweepOnce()).toEqual({ cases: 0, deadLetters: 0, fileLines: 1, photos: 1, modules: {} });
    expect(fs.readFileSync(sink.path, 'utf8')).toBe('not json\n');
  });

  it('in a fleet, one process sweeps per interval (the lease)', async () => {
    expect(await cases.lease('retention-sweep', 60_000)).toBe(true);
    const other = new RetentionJob({ retention: { casesDays: 1, photosDays: 1, transcriptsDays: 1, consultationResponsesDays: 1 }, cases, files: () => [sink], logger: createLogger({ level: 'silent' }), now: () => new Date(now) });
    await cases.put({ key: 'dddddd@pw.0', submissionId: 'dddddd', sinkKey: 'pw.0', reference: 'WG-DDDDDD', state: 'created', updatedAt: new Date(T0 - 10 * DAY).toISOString() });
    other.start(20);
    await new Promise((r) => setTimeout(r, 80));
    other.stop();
    await other.idle();
    // The lease was held elsewhere: this process swept nothing.
    expect(await cases.get('dddddd@pw.0')).not.toBeNull();
    // Once the lease is free, the next tick here sweeps.
    await cases.release('retention-sweep');
    other.start(20);
    for (let i = 0; i < 50 && (await cases.get('dddddd@pw.0')) !== null; i++) await new Promise((r) => setTimeout(r, 20));
    other.stop();
    await other.idle();
    expect(await cases.get('dddddd@pw.0')).toBeNull();
  });
});
