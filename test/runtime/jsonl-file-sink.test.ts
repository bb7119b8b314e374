import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JsonlFileSink, type JsonlLine } from '../../src/sinks/jsonl-file-sink';
import { MemoryMediaStore } from '../../src/state/memory-store';
import type { Submission } from '../../src/state/types';

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

function submission(id: string, media: { mediaId: string; contentType: string }[] = []): Submission {
  return {
    id,
    kind: 'report',
    conversationId: 'conv-1',
    createdAt: '2030-01-02T03:04:05.000Z',
    payload: { id, reference: 'WG-7K3QX9', description: 'pothole', media },
  };
}

describe('JsonlFileSink', () => {
  let dir: string;
  let media: MemoryMediaStore;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wegov-sink-'));
    media = new MemoryMediaStore();
  });
  afterEach(() => {
    media.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates missing folders and appends one JSON line per submission, in order', async () => {
    const file = path.join(dir, 'nested', 'deeper', 'submissions.jsonl');
    const sink = new JsonlFileSink(file);
    await Promise.all(Array.from({ length: 20 }, (_, i) => sink.deliver(submission(`s${i}`), media)));
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as JsonlLine);
    expect(lines.map((l) => l.id)).toEqual(Array.from({ length: 20 }, (_, i) => `s${i}`));
    expect(lines[0]).toMatchObject({ kind: 'report', conversationId: 'conv-1', files: [], payload: { reference: 'WG-7K3QX9' } });
  });

  it('copies each photo next to the file and says where it is', async () => {
    const file = path.join(dir, 'submissions.jsonl');
    await media.put('photo1', 'image/png', png, 60);
    await new JsonlFileSink(file).deliver(submission('s1', [{ mediaId: 'photo1', contentType: 'image/png' }, { mediaId: 'gone', contentType: 'image/jpeg' }]), media);
    const line = JSON.parse(fs.readFileSync(file, 'utf8')) as JsonlLine;
    expect(line.files).toEqual([
      { mediaId: 'photo1', contentType: 'image/png', file: 'media/photo1.png' },
      { mediaId: 'gone', contentType: 'image/jpeg', file: null },
    ]);
    expect(fs.readFileSync(path.join(dir, 'media', 'photo1.png'))).toEqual(png);
  });

  it('fails (so the relay retries) when the file cannot be written', async () => {
    const blocker = path.join(dir, 'not-a-dir');
    fs.writeFileSync(blocker, 'x');
    await expect(new JsonlFileSink(path.join(blocker, 'submissions.jsonl')).deliver(submission('s1'), media)).rejects.toThrow();
  });

  it('makes its folder again when it was removed between deliveries', async () => {
    const file = path.join(dir, 'drop', 'submissions.jsonl');
    const sink = new JsonlFileSink(file);
    await sink.deliver(submission('s1'), media);
    fs.rmSync(path.join(dir, 'drop'), { recursive: true });
    await sink.deliver(submission('s2'), media);
    expect(fs.readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => (JSON.parse(l) as JsonlLine).id)).toEqual(['s2']);
    expect(fs.statSync(path.join(dir, 'drop')).mode & 0o777).toBe(0o700);
  });

  it('fails every line of a write that failed, and writes the lines delivered after it', async () => {
    const blocker = path.join(dir, 'later-a-dir');
    fs.writeFileSync(blocker, 'x');
    const sink = new JsonlFileSink(path.join(blocker, 'submissions.jsonl'));
    const failed = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => sink.deliver(submission(`f${i}`), media)));
    expect(failed.map((r) => r.status)).toEqual(Array(5).fill('rejected'));
    fs.rmSync(blocker);
    await Promise.all(Array.from({ length: 5 }, (_, i) => sink.deliver(submission(`s${i}`), media)));
    const ids = fs.readFileSync(path.join(blocker, 'submissions.jsonl'), 'utf8').trimEnd().split('\n').map((l) => (JSON.parse(l) as JsonlLine).id);
    expect(ids).toEqual(['s0', 's1', 's2', 's3', 's4']);
  });

  it('keeps delivery order around a rewrite: a line delivered after the rewrite was asked is written after it', async () => {
    const file = path.join(dir, 'submissions.jsonl');
    const sink = new JsonlFileSink(file);
    await sink.deliver(submission('z0'), media);
    // Deliveries reach the append queue within a few microtasks; the rewrites' file I/O takes longer.
    const settle = async (): Promise<void> => {
      for (let i = 0; i < 20; i++) await Promise.resolve();
    };
    const busy = sink.rewrite((line) => line); // keeps the queue busy: a1 and a2 wait behind it, together
    const before = [sink.deliver(submission('a1'), media), sink.deliver(submission('a2'), media)];
    await settle();
    const rewritten = sink.rewrite((line) => ({ ...line, payload: { ...(line.payload as object), rewritten: true } }));
    const after = sink.deliver(submission('b1'), media);
    await settle();
    await Promise.all([busy, ...before, rewritten, after]);
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as JsonlLine);
    expect(lines.map((l) => [l.id, (l.payload as { rewritten?: boolean }).rewritten === true])).toEqual([
      ['z0', true],
      ['a1', true],
      ['a2', true],
      ['b1', false],
    ]);
  });
});
