/**
 * The open server-sent-event streams of this process, so shutdown can end them (an open
 * stream would otherwise keep `server.close()` waiting forever).
 */
export class LiveStreams {
  private readonly open = new Set<() => void>();

  /** Registers a stream's closer; returns a function that forgets it. */
  add(close: () => void): () => void {
    this.open.add(close);
    return () => {
      this.open.delete(close);
    };
  }

  get size(): number {
    return this.open.size;
  }

  /** Ends every open stream. */
  closeAll(): void {
    for (const close of [...this.open]) close();
    this.open.clear();
  }
}
