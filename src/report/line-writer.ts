import { createRequire } from 'node:module';
import type { SonicBoom as SonicBoomType } from 'sonic-boom';

// sonic-boom is CommonJS with `module.exports = SonicBoom`; its types declare ESM named exports.
const { SonicBoom } = createRequire(import.meta.url)('sonic-boom') as typeof import('sonic-boom');

export interface LineWriterOptions<Item> {
  /** File descriptor to write to (1: stdout). */
  fd?: number;
  /** Most bytes held for a slow reader; lines beyond it are dropped and counted, never blocking. */
  maxBufferedBytes?: number;
  /**
   * Lines that come less than this many ms after the last write are gathered and handed on
   * together when the interval is over (a line after a quiet spell goes out at once), unless
   * `flush()` hands them on sooner. Default 0: the lines of one turn of the event loop go out
   * together at its end. A node flushes before each reply, so that its lines about a frame are
   * never lost to a SIGKILL after the reply (the faults suite checks it): with that, a window
   * saves nothing on a node answering one frame at a time.
   */
  gatherMs?: number;
  /**
   * Turns what `write()` was given into its line (without the newline), when the gathered lines
   * are handed on: formatting is then off the hot path too. Default: the item is the line. An item
   * that cannot be formatted (it throws) is counted as dropped.
   */
  format?: (item: Item) => string;
}

/**
 * Most bytes one write(2) takes. sonic-boom's default, 16 KB, is one write per turn of a busy
 * event loop: a node answering frames flat out (20 MB/s of JSON lines) fell behind a fast reader,
 * held its whole buffer and dropped lines. A write takes what the pipe has room for; the rest follows.
 */
const MAX_WRITE = 256 * 1024;
/**
 * Most characters handed to sonic-boom at once (a chunk it has no room for is dropped whole). As
 * big as a write: sonic-boom measures the bytes of the chunk it appends to on every call, so many
 * small chunks appended to one would be measured again and again.
 */
const PIECE = MAX_WRITE;

/**
 * Event lines off the hot path: lines are gathered, formatted and handed to sonic-boom (the writer
 * under pino), which writes them asynchronously: the lines of one turn of the event loop (or of
 * `gatherMs`) cost one write(2), not one each, and formatting them is not on the way of a reply.
 * While a write is in flight, sonic-boom gathers what follows for the next one. When the reader of stdout is slower than the node, lines
 * beyond `maxBufferedBytes` are dropped and counted instead of blocking the node or growing its
 * memory. `close()` on every way out (done, a signal, a crash) writes out what is gathered and
 * buffered, in order, so no line written before is lost.
 */
export class LineWriter<Item = string> {
  private readonly boom: SonicBoomType;
  private readonly format: (item: Item) => string;
  private readonly maxGathered: number;
  private readonly gatherMs: number;
  private gathered: Item[] = [];
  private handOn: NodeJS.Immediate | NodeJS.Timeout | undefined;
  private lastHandedOn = -Infinity;
  private droppedLines = 0;
  private closed = false;
  /** Set when the reader went away (EPIPE): further lines are discarded. */
  onBrokenPipe: (() => void) | undefined;

  constructor(options: LineWriterOptions<Item> = {}) {
    const maxBuffered = options.maxBufferedBytes ?? 4 * 1024 * 1024;
    this.format = options.format ?? String;
    // A line is rarely shorter than 64 bytes: more gathered than that would not fit the buffer anyway.
    this.maxGathered = Math.max(16, Math.floor(maxBuffered / 64));
    this.gatherMs = options.gatherMs ?? 0;
    this.boom = new SonicBoom({ fd: options.fd ?? 1, sync: false, minLength: 0, maxLength: maxBuffered, maxWrite: MAX_WRITE });
    this.boom.on('drop', (data: string) => (this.droppedLines += countLines(data)));
    this.boom.on('error', (error: NodeJS.ErrnoException) => {
      this.closed = true;
      this.cancelHandOn();
      if (error.code === 'EPIPE') this.onBrokenPipe?.();
    });
  }

  /** Lines dropped so far because the reader was too slow. */
  get dropped(): number {
    return this.droppedLines;
  }

  /** Gathers one line (or what `format` makes one of); it is handed on within `gatherMs`. */
  write(item: Item): void {
    if (this.closed) return;
    if (this.gathered.length >= this.maxGathered) {
      this.droppedLines += 1;
      return;
    }
    this.gathered.push(item);
    if (this.handOn === undefined) this.scheduleHandOn();
  }

  /** Hands what is gathered to the writer now (formatted), instead of at the end of the turn. */
  flush(): void {
    if (this.closed || this.gathered.length === 0) return;
    this.cancelHandOn();
    this.handOnGathered();
  }

  /**
   * Writes out everything gathered and buffered, in order, then releases stdout (every way out
   * calls it before the process exits). A reader that never takes the rest gets `withinMs`; what
   * is left then is counted as dropped.
   */
  close(withinMs = 2_000): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.cancelHandOn();
    this.handOnGathered();
    this.closed = true;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.droppedLines += countLines(unwritten(this.boom));
        resolve();
      }, withinMs);
      this.boom.once('finish', done);
      this.boom.once('error', done);
      this.boom.end();
    });
  }

  private scheduleHandOn(): void {
    const wait = this.lastHandedOn + this.gatherMs - performance.now();
    // A line after a quiet spell: out at the end of this turn of the loop, with whatever else this turn says.
    this.handOn = wait <= 0 ? setImmediate(this.handOnNow) : setTimeout(this.handOnNow, wait);
  }

  private readonly handOnNow = (): void => {
    this.handOn = undefined;
    this.handOnGathered();
  };

  private cancelHandOn(): void {
    if (this.handOn === undefined) return;
    clearImmediate(this.handOn as NodeJS.Immediate);
    clearTimeout(this.handOn as NodeJS.Timeout);
    this.handOn = undefined;
  }

  private handOnGathered(): void {
    if (this.gathered.length === 0) return;
    const items = this.gathered;
    this.gathered = [];
    this.lastHandedOn = performance.now();
    let piece = '';
    for (const item of items) {
      let line: string;
      try {
        line = this.format(item);
      } catch {
        this.droppedLines += 1;
        continue;
      }
      piece += line + '\n';
      if (piece.length >= PIECE) {
        this.boom.write(piece);
        piece = '';
      }
    }
    if (piece) this.boom.write(piece);
  }
}

/** What sonic-boom still holds (its write in flight and its queue): read only to count dropped lines. */
function unwritten(boom: SonicBoomType): string {
  const internals = boom as unknown as { _writingBuf?: string | Buffer; _bufs?: Array<string | Buffer> };
  return [internals._writingBuf ?? '', ...(internals._bufs ?? [])].map(String).join('');
}

function countLines(text: string): number {
  let lines = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) lines++;
  return lines;
}
