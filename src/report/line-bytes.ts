/**
 * Formatted lines kept as UTF-8 bytes outside V8's heap until they are handed to the writer.
 *
 * A node flat out formats a few thousand lines a second and holds each for up to its writer's
 * window (50 ms). Held as strings, those lines were alive at every young-generation GC, which
 * copies what is alive: with the lines held, the scavenges of `pinmesh iopin` took a median 0.75 ms
 * (0.40 ms with no lines at all, 0.50 ms with the lines here), and each one stops a tick. Here a line's string dies as soon as
 * it is encoded, and the bytes wait in a chunk the GC does not walk.
 */
export class LineBytes {
  /** The chunk being filled; bytes before `start` were taken already and are never rewritten. */
  private chunk: Buffer;
  private start = 0;
  private end = 0;
  /** Earlier chunks' untaken bytes, in order. */
  private filled: Buffer[] = [];
  private filledBytes = 0;
  private lineCount = 0;

  constructor(private readonly chunkBytes = 64 * 1024) {
    this.chunk = Buffer.allocUnsafeSlow(chunkBytes);
  }

  /** Lines appended and not yet taken. */
  get lines(): number {
    return this.lineCount;
  }

  /** Bytes appended and not yet taken. */
  get bytes(): number {
    return this.filledBytes + this.end - this.start;
  }

  /**
   * Appends `text`: `lines` whole lines, each ending in a newline. A turn's lines come as one block,
   * so they cost one encoding, not one each.
   */
  append(text: string, lines: number): void {
    // UTF-8 takes at most 3 bytes for each UTF-16 unit (a surrogate pair: 4 bytes for 2 units); a
    // block bigger than a chunk (a burst of thousands of lines) is measured, not given 3 times its room.
    const most = text.length > this.chunkBytes ? Buffer.byteLength(text) : text.length * 3;
    if (this.end + most > this.chunk.length) {
      if (this.end > this.start) {
        const rest = this.chunk.subarray(this.start, this.end);
        this.filled.push(rest);
        this.filledBytes += rest.length;
      }
      this.chunk = Buffer.allocUnsafeSlow(Math.max(this.chunkBytes, most));
      this.start = this.end = 0;
    }
    this.end += this.chunk.write(text, this.end, 'utf8');
    this.lineCount += lines;
  }

  /** What was appended since the last take, in order, as pieces the caller may keep (never rewritten). */
  take(): Buffer[] {
    const pieces = this.filled;
    if (this.end > this.start) pieces.push(this.chunk.subarray(this.start, this.end));
    this.start = this.end;
    this.filled = [];
    this.filledBytes = 0;
    this.lineCount = 0;
    return pieces;
  }
}

/** Lines in `text` (its newlines), for counting what was dropped. */
export function countLines(text: string | Buffer): number {
  let lines = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) lines++;
  return lines;
}
