/**
 * The submissions file and the photos copied next to it are personal data: created owner-only
 * on disk (issue 9, finding 10). Checked on real files under the widest umask (0), so a
 * permissive umask cannot widen them, and under the usual 022.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JsonlFileSink } from '../../src/sinks/jsonl-file-sink';
import { MemoryMediaStore } from '../../src/state/memory-store';
import type { Submission } from '../../src/state/types';

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

const report: Submission = {
  id: 's1',
  kind: 'report',
  conversationId: 'conv-1',
  createdAt: '2030-01-02T03:04:05.000Z',
  payload: { id: 's1', description: 'pothole by my house', media: [{ mediaId: 'photo1', contentType: 'image/png' }] },
};

const modeOf = (p: string): number => fs.statSync(p).mode & 0o777;

describe.each([0o000, 0o022])('JsonlFileSink file modes under umask %o', (umask) => {
  let dir: string;
  let media: MemoryMediaStore;
  let previous: number;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wegov-modes-'));
    media = new MemoryMediaStore();
    previous = process.umask(umask);
  });
  afterEach(() => {
    process.umask(previous);
    media.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates the file 0600, the photos 0600 and every folder it makes 0700', async () => {
    const file = path.join(dir, 'data', 'wegov', 'submissions.jsonl');
    await media.put('photo1', 'image/png', png, 60);
    await new JsonlFileSink(file).deliver(report, media);
    await new JsonlFileSink(file).deliver({ ...report, id: 's2' }, media);

    expect(fs.readFileSync(file, 'utf8').trimEnd().split('\n')).toHaveLength(2);
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(path.join(dir, 'data'))).toBe(0o700);
    expect(modeOf(path.join(dir, 'data', 'wegov'))).toBe(0o700);
    expect(modeOf(path.join(dir, 'data', 'wegov', 'media'))).toBe(0o700);
    expect(modeOf(path.join(dir, 'data', 'wegov', 'media', 'photo1.png'))).toBe(0o600);
  });
});
