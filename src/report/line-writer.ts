import { createRequire } from 'node:module';
import type { SonicBoom as SonicBoomType } from 'sonic-boom';
import { countLines, LineBytes } from './line-bytes.js';

// sonic-boom is CommonJS with `module.exports = SonicBoom`; its types declare ESM named exports.
const { SonicBoom } = createRequire(import.meta.url)('sonic-boom') as typeof import('sonic-boom');

/**
 * Turns of the event loop in a window whose lines are handed on at the end of the turn: a start
 * (board, listening, connected, the first tick and its ack: about ten turns) shows every line as it
 * happens. Under a steady flow it costs 16 write(2)s at most, once, when the flow begins.
 */
const PROMPT_HAND_ONS = 16;

export interface LineWriterOptions<Item> {
  /** File descriptor to write to (1: stdout). */
  fd?: number;
  /** Most bytes held for a slow reader; lines beyond it are dropped and counted, never blocking. */
  maxBufferedBytes?: number;
  /**
   * When set, lines are gathered over windows of this many ms. A window opens with the first
   * line after a quiet spell; up to PROMPT_HAND_ONS turns of the loop that write lines in it hand
   * theirs on at the end of the turn (a node starting up, or answering now and then, shows each
   * line as it happens); after that the window is a steady flow, and its lines (and the next
   * windows' while the flow goes on) are handed on together when it ends, unless `flush()` hands
   * them on sooner. By default each line is handed to sonic-boom as it is written, which starts its
   * write(2) at once when none is in flight: a line about a frame is then on its way before the
   * frame's reply, and a SIGKILL right after the reply does not lose it (the faults suite kills a
   * buzzer mid-run and checks). A window is far cheaper for a node answering one frame at a time
   * (5 ms: 27 µs of CPU a frame instead of 56–72, and twice the replies a second), but under a flow
   * the lines' write(2) starts later than the reply, and a SIGKILL under load loses the last
   * window's lines more often (3 runs in 4 on a loaded machine, against 1 in 4 by default). The
   * CLI's nodes use a window (docs/events.md says what a SIGKILL loses).
   */
  gatherMs?: number;
  /**
   * Turns what `write()` was given into its line (without the newline), as it is written. Default:
   * the item is the line. An item it makes no line of (undefined) is left out; one that cannot be
   * formatted (it throws) is counted as dropped. With `gatherMs`, the lines written in one turn of
   * the event loop are formatted at its end (while the node waits for its peers), not a whole
   * window's at once when they are handed on: a 50 ms window's lines (hundreds under a steady flow)
   * held up the frame that arrived meanwhile by a millisecond or more, at every hand-on.
   */
  format?: (item: Item) => string | undefined;
}

/**
 * Event lines off the hot path: each line is handed to sonic-boom (the writer under pino), which
 * writes asynchronously: while a write is in flight, what follows is gathered for the next one, so
 * a burst of events costs one write(2), not one each (with `gatherMs`, lines are also gathered
 * over a window). Formatted lines wait as UTF-8 bytes outside the JavaScript heap (LineBytes), and
 * sonic-boom takes them as Buffers. When the reader of stdout is slower than the node, lines
 * beyond `maxBufferedBytes` are dropped and counted instead of blocking the node or growing its
 * memory. `close()` on every way out (done, a signal, a crash) writes out what is gathered and
 * buffered, in order, so no line written before is lost.
 */
export class LineWriter<Item = string> {
  private readonly boom: SonicBoomType;
  private readonly format: (item: Item) => string | undefined;
  private readonly maxGathered: number;
  private readonly gatherMs: number | undefined;
  /** Written in this turn of the loop, formatted at its end. */
  private waiting: Item[] = [];
  private formatting: NodeJS.Immediate | undefined;
  /** Formatted, waiting for the hand-on: bytes outside the JavaScript heap (see LineBytes). */
  private readonly gathered = new LineBytes();
  private handOn: NodeJS.Timeout | undefined;
  /** When the current window ends, and how many turns in it may still hand their lines on at once. */
  private windowEnd = -Infinity;
  private promptLeft = 0;
  private handOns = 0;
  private droppedLines = 0;
  /** Bytes handed to sonic-boom, and bytes it wrote (or dropped): what `between()` waits for. */
  private handedBytes = 0;
  private doneBytes = 0;
  /** Writes on another stream waiting for the bytes before them; lines that follow stay gathered meanwhile. */
  private readonly betweens: Array<{ upTo: number; go: () => void }> = [];
  private closed = false;
  /** Set when the reader went away (EPIPE): further lines are discarded. */
  onBrokenPipe: (() => void) | undefined;

  constructor(options: LineWriterOptions<Item> = {}) {
    const maxBuffered = options.maxBufferedBytes ?? 4 * 1024 * 1024;
    this.format = options.format ?? String;
    // A line is rarely shorter than 64 bytes: more gathered than that would not fit the buffer anyway.
    this.maxGathered = Math.max(16, Math.floor(maxBuffered / 64));
    this.gatherMs = options.gatherMs;
    this.boom = new SonicBoom({ fd: options.fd ?? 1, sync: false, minLength: 0, maxLength: maxBuffered, contentMode: 'buffer' });
    this.boom.on('drop', (data: Buffer) => {
      this.droppedLines += countLines(data);
      this.bytesDone(data.length);
    });
    this.boom.on('write', (bytes: number) => this.bytesDone(bytes));
    this.boom.on('error', (error: NodeJS.ErrnoException) => {
      this.closed = true;
      this.bytesDone(Infinity);
      this.cancelHandOn();
      this.cancelFormatting();
      if (error.code === 'EPIPE') this.onBrokenPipe?.();
    });
  }

  /** How many times gathered lines were handed to the writer (each is one write(2) or fewer). */
  get handedOn(): number {
    return this.handOns;
  }

  /** Lines dropped so far because the reader was too slow. */
  get dropped(): number {
    return this.droppedLines;
  }

  /** Gathers one line (or what `format` makes one of); it is handed on within `gatherMs`. */
  write(item: Item): void {
    if (this.closed) return;
    if (this.gatherMs === undefined) {
      const line = this.formatted(item);
      if (line === undefined) return;
      this.gathered.append(`${line}\n`, 1);
      this.handOnGathered();
      return;
    }
    if (this.waiting.length + this.gathered.lines >= this.maxGathered) {
      this.droppedLines += 1;
      return;
    }
    this.waiting.push(item);
    this.formatting ??= setImmediate(this.formatTurn);
  }

  /** Hands what is gathered to the writer now, instead of at the end of the turn. */
  flush(): void {
    if (this.closed) return;
    this.cancelFormatting();
    this.formatWaiting();
    if (this.gathered.lines === 0) return;
    this.cancelHandOn();
    this.handOnGathered();
  }

  /**
   * Runs `write` (a line on another stream: stderr) between the lines written so far and those that
   * follow, as a terminal should show them: once the former have reached the file descriptor, the
   * latter held until then. A reader that does not take them gets `withinMs`. Resolves once written.
   * One at a time keeps the order (a second asked meanwhile does not wait for the lines held).
   */
  between(write: () => void, withinMs = 1_000): Promise<void> {
    this.flush();
    const upTo = this.handedBytes;
    if (this.closed || this.doneBytes >= upTo) {
      write();
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const waiting = {
        upTo,
        go: () => {
          clearTimeout(timer);
          this.betweens.splice(this.betweens.indexOf(waiting), 1);
          write();
          // The lines that came meanwhile go on now, unless another write waits for its own.
          if (this.betweens.length === 0 && !this.closed) this.handOnGathered();
          resolve();
        },
      };
      const timer = setTimeout(waiting.go, withinMs);
      this.betweens.push(waiting);
    });
  }

  /**
   * Writes out everything gathered and buffered, in order, then releases stdout (every way out
   * calls it before the process exits). A reader that never takes the rest gets `withinMs`; what
   * is left then is counted as dropped.
   */
  close(withinMs = 2_000): Promise<void> {
    if (this.closed) return Promise.resolve();
    // A write on another stream still waiting goes now: every line is kept, if not in its place.
    for (const waiting of [...this.betweens]) waiting.go();
    this.cancelFormatting();
    this.formatWaiting();
    this.cancelHandOn();
    this.handOnGathered();
    this.closed = true;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.droppedLines += unwrittenLines(this.boom);
        resolve();
      }, withinMs);
      this.boom.once('finish', done);
      this.boom.once('error', done);
      this.boom.end();
    });
  }

  /** The end of a turn that wrote lines: they are formatted, and handed on unless the window is a steady flow. */
  private readonly formatTurn = (): void => {
    this.formatting = undefined;
    this.formatWaiting();
    if (this.handOn !== undefined || this.gathered.lines === 0) return;
    const now = performance.now();
    // The first line after a quiet spell opens a window.
    if (now >= this.windowEnd) {
      this.windowEnd = now + (this.gatherMs ?? 0);
      this.promptLeft = PROMPT_HAND_ONS;
    }
    if (this.promptLeft > 0) {
      this.promptLeft -= 1;
      this.handOnGathered();
    } else this.handOn = setTimeout(this.handOnNow, this.windowEnd - now);
  };

  private formatWaiting(): void {
    const items = this.waiting;
    this.waiting = [];
    let block = '';
    let lines = 0;
    for (const item of items) {
      const line = this.formatted(item);
      if (line === undefined) continue;
      block += `${line}\n`;
      lines += 1;
    }
    if (lines > 0) this.gathered.append(block, lines);
  }

  /** The end of a window that was a steady flow: its lines go on, and the next window is one too until a quiet spell. */
  private readonly handOnNow = (): void => {
    this.handOn = undefined;
    this.windowEnd = performance.now() + (this.gatherMs ?? 0);
    this.promptLeft = 0;
    this.handOnGathered();
  };

  private cancelFormatting(): void {
    if (this.formatting === undefined) return;
    clearImmediate(this.formatting);
    this.formatting = undefined;
  }

  private cancelHandOn(): void {
    if (this.handOn === undefined) return;
    clearTimeout(this.handOn);
    this.handOn = undefined;
  }

  private handOnGathered(): void {
    if (this.gathered.lines === 0 || (this.betweens.length > 0 && !this.closed)) return;
    this.handOns += 1;
    // sonic-boom's types know only its default (text) mode; in 'buffer' mode it takes Buffers.
    for (const piece of this.gathered.take()) {
      this.handedBytes += piece.length;
      this.boom.write(piece as unknown as string);
    }
  }

  /** sonic-boom wrote (or dropped) `bytes`: the writes waiting for them go, in the order asked. */
  private bytesDone(bytes: number): void {
    this.doneBytes += bytes;
    if (this.betweens.length === 0) return;
    for (const waiting of this.betweens.filter(({ upTo }) => upTo <= this.doneBytes)) waiting.go();
  }

  /** The item's line (undefined: it has none); an item that cannot be formatted is counted as dropped. */
  private formatted(item: Item): string | undefined {
    try {
      return this.format(item);
    } catch {
      this.droppedLines += 1;
      return undefined;
    }
  }
}

/** Lines sonic-boom still holds (its write in flight and its queue): read only to count dropped lines. */
function unwrittenLines(boom: SonicBoomType): number {
  const internals = boom as unknown as { _writingBuf?: Buffer; _bufs?: Buffer[][] };
  const held = [internals._writingBuf ?? Buffer.alloc(0), ...(internals._bufs ?? []).flat()];
  return held.reduce((lines, bytes) => lines + countLines(bytes), 0);
}
