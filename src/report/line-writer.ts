import { createRequire } from 'node:module';
import type { SonicBoom as SonicBoomType } from 'sonic-boom';

// sonic-boom is CommonJS with `module.exports = SonicBoom`; its types declare ESM named exports.
const { SonicBoom } = createRequire(import.meta.url)('sonic-boom') as typeof import('sonic-boom');

export interface LineWriterOptions {
  /** File descriptor to write to (1: stdout). */
  fd?: number;
  /** Most bytes held for a slow reader; lines beyond it are dropped and counted, never blocking. */
  maxBufferedBytes?: number;
  /**
   * Lines that come less than this many ms after the last write are gathered and handed on
   * together when the interval is over (a line after a quiet spell goes out at once). Default 5.
   */
  gatherMs?: number;
}

/**
 * Event lines off the hot path: lines are gathered and handed to sonic-boom (the writer under
 * pino), which writes them asynchronously. A node answering frames flat out costs at most one
 * write(2) every `gatherMs` (not one per line, nor one per frame: each write wakes the reader of
 * stdout, which competes with the node for the CPU), while a line after a quiet spell goes out
 * on the next turn of the event loop. When the reader of stdout is slower than the node, lines
 * beyond `maxBufferedBytes` are dropped and counted instead of blocking the node or growing its
 * memory. `close()` on every way out (done, a signal, a crash) writes out what is gathered and
 * buffered, in order, so no line written before is lost.
 */
export class LineWriter {
  private readonly boom: SonicBoomType;
  private readonly maxBuffered: number;
  private readonly gatherMs: number;
  private gathered: string[] = [];
  /** UTF-16 length of the gathered lines: a cheap bound on their bytes for the cap. */
  private gatheredLength = 0;
  private handOn: NodeJS.Immediate | NodeJS.Timeout | undefined;
  private lastHandedOn = -Infinity;
  private droppedLines = 0;
  private closed = false;
  /** Set when the reader went away (EPIPE): further lines are discarded. */
  onBrokenPipe: (() => void) | undefined;

  constructor(options: LineWriterOptions = {}) {
    this.maxBuffered = options.maxBufferedBytes ?? 4 * 1024 * 1024;
    this.gatherMs = options.gatherMs ?? 5;
    this.boom = new SonicBoom({ fd: options.fd ?? 1, sync: false, minLength: 0, maxLength: this.maxBuffered });
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

  write(line: string): void {
    if (this.closed) return;
    if (this.gatheredLength + line.length + 1 > this.maxBuffered) {
      this.droppedLines += 1;
      return;
    }
    this.gathered.push(line);
    this.gatheredLength += line.length + 1;
    if (this.handOn === undefined) this.scheduleHandOn();
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
    const run = () => {
      this.handOn = undefined;
      this.handOnGathered();
    };
    // A line after a quiet spell: out on this turn of the loop, with whatever else this turn says.
    this.handOn = wait <= 0 ? setImmediate(run) : setTimeout(run, wait);
  }

  private cancelHandOn(): void {
    if (this.handOn === undefined) return;
    clearImmediate(this.handOn as NodeJS.Immediate);
    clearTimeout(this.handOn as NodeJS.Timeout);
    this.handOn = undefined;
  }

  private handOnGathered(): void {
    if (this.gathered.length === 0) return;
    const chunk = this.gathered.join('\n') + '\n';
    this.gathered = [];
    this.gatheredLength = 0;
    this.lastHandedOn = performance.now();
    this.boom.write(chunk);
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
