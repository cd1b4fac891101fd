import { createRequire } from 'node:module';
import type { SonicBoom as SonicBoomType } from 'sonic-boom';

// sonic-boom is CommonJS with `module.exports = SonicBoom`; its types declare ESM named exports.
const { SonicBoom } = createRequire(import.meta.url)('sonic-boom') as typeof import('sonic-boom');

export interface LineWriterOptions {
  /** File descriptor to write to (1: stdout). */
  fd?: number;
  /** Most bytes held for a slow reader; lines beyond it are dropped and counted, never blocking. */
  maxBufferedBytes?: number;
}

/**
 * Event lines off the hot path: each line is appended to a buffer that sonic-boom (the writer under
 * pino) writes asynchronously, so a burst of events costs one write(2), not one each. When the
 * reader of stdout is slower than the node, lines beyond `maxBufferedBytes` are dropped and
 * counted instead of blocking the node or growing its memory. `close()` on every way out (done, a
 * signal, a crash) writes out what is buffered, in order, so no line written before is lost.
 */
export class LineWriter {
  private readonly boom: SonicBoomType;
  private droppedLines = 0;
  private closed = false;
  /** Set when the reader went away (EPIPE): further lines are discarded. */
  onBrokenPipe: (() => void) | undefined;

  constructor(options: LineWriterOptions = {}) {
    this.boom = new SonicBoom({ fd: options.fd ?? 1, sync: false, minLength: 0, maxLength: options.maxBufferedBytes ?? 4 * 1024 * 1024 });
    this.boom.on('drop', (data: string) => (this.droppedLines += countLines(data)));
    this.boom.on('error', (error: NodeJS.ErrnoException) => {
      this.closed = true;
      if (error.code === 'EPIPE') this.onBrokenPipe?.();
    });
  }

  /** Lines dropped so far because the reader was too slow. */
  get dropped(): number {
    return this.droppedLines;
  }

  write(line: string): void {
    if (!this.closed) this.boom.write(line + '\n');
  }

  /**
   * Writes out everything buffered, in order, then releases stdout (every way out calls it before
   * the process exits). A reader that never takes the rest gets `withinMs`; what is left then is
   * counted as dropped.
   */
  close(withinMs = 2_000): Promise<void> {
    if (this.closed) return Promise.resolve();
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
