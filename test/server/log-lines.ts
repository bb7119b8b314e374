/** A pino destination that keeps the app's log lines, parsed, for assertions on levels and content. */
import { Writable } from 'node:stream';

export interface LogLine {
  level: number;
  msg?: string;
  [field: string]: unknown;
}

/** pino's numeric levels. */
export const LEVEL = { debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;

export class LogLines extends Writable {
  readonly lines: LogLine[] = [];
  private partial = '';

  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    const text = this.partial + chunk.toString('utf8');
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    for (const p of parts) if (p.trim() !== '') this.lines.push(JSON.parse(p) as LogLine);
    done();
  }

  /** Lines at `level` or above. */
  atLeast(level: number): LogLine[] {
    return this.lines.filter((l) => l.level >= level);
  }
}
