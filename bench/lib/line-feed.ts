import type { Readable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';

export interface Line {
  text: string;
  /** performance.now() when the line arrived. */
  at: number;
}

interface Waiter {
  pattern: RegExp;
  resolve: (line: Line) => void;
}

/** The lines of a stream, stamped on arrival; a line can be awaited before or after it came. */
export class LineFeed {
  private readonly seen: Line[] = [];
  private readonly waiters = new Set<Waiter>();
  private ended = false;
  private readonly endListeners = new Set<() => void>();

  constructor(stream: Readable, private readonly keep = 200) {
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (text) => {
      const line = { text, at: performance.now() };
      this.seen.push(line);
      if (this.seen.length > this.keep) this.seen.shift();
      for (const waiter of this.waiters) {
        if (!waiter.pattern.test(text)) continue;
        this.waiters.delete(waiter);
        waiter.resolve(line);
      }
    });
    stream.on('close', () => {
      this.ended = true;
      for (const listener of this.endListeners) listener();
    });
  }

  /**
   * The first line matching `pattern` that arrived at or after `since` (a performance.now() time),
   * or the next one to come; rejects after `timeoutMs` or when the stream ends without one.
   */
  next(pattern: RegExp, timeoutMs: number, what: string, since = -Infinity): Promise<Line> {
    const already = this.seen.find((line) => line.at >= since && pattern.test(line.text));
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const fail = (reason: string): void => {
        this.waiters.delete(waiter);
        this.endListeners.delete(onEnd);
        clearTimeout(timer);
        reject(new Error(`${what}: ${reason}`));
      };
      const waiter: Waiter = {
        pattern,
        resolve: (line) => {
          clearTimeout(timer);
          this.endListeners.delete(onEnd);
          resolve(line);
        },
      };
      const onEnd = (): void => fail('the output ended first');
      const timer = setTimeout(() => fail(`nothing within ${timeoutMs} ms`), timeoutMs);
      this.waiters.add(waiter);
      if (this.ended) onEnd();
      else this.endListeners.add(onEnd);
    });
  }

  /** The last lines, for error messages. */
  tail(count = 5): string {
    return this.seen
      .slice(-count)
      .map((line) => line.text)
      .join('\n');
  }
}
