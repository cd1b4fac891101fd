/**
 * What the programmer needs from a byte link: a ByteTransport (e.g. SerialTransport), or any
 * emitter shaped like one. 'data' brings the board's bytes; 'close' (optional) ends waiting early.
 */
export interface ProgrammerLink {
  write(data: Buffer): unknown;
  on(event: 'data' | 'close', listener: (...args: any[]) => void): unknown;
  off(event: 'data' | 'close', listener: (...args: any[]) => void): unknown;
}

/** No (complete) reply within the time allowed. */
export class ReplyTimeoutError extends Error {
  constructor(readonly waitedMs: number, readonly received: number, readonly wanted: number) {
    super(`no reply within ${Math.round(waitedMs)} ms (got ${received} of ${wanted} bytes)`);
    this.name = 'ReplyTimeoutError';
  }
}

/** The link closed (board unplugged, port closed) while waiting for a reply. */
export class LinkClosedError extends Error {
  constructor() {
    super('the serial link closed');
    this.name = 'LinkClosedError';
  }
}

interface PendingRead {
  length: number;
  resolve: (bytes: Buffer) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Collects the bytes a link receives and hands them out in exact amounts, with a timeout per
 * read. One read at a time: STK500v1 is strictly request/reply.
 */
export class ReplyReader {
  private buffered: Buffer = Buffer.alloc(0);
  private pending: PendingRead | undefined;
  private closed = false;

  private readonly onData = (data: Buffer | Uint8Array): void => {
    this.buffered = Buffer.concat([this.buffered, data]);
    this.settle();
  };

  private readonly onClose = (): void => {
    this.closed = true;
    const pending = this.pending;
    if (pending) {
      this.pending = undefined;
      clearTimeout(pending.timer);
      pending.reject(new LinkClosedError());
    }
  };

  constructor(private readonly link: ProgrammerLink) {
    link.on('data', this.onData);
    link.on('close', this.onClose);
  }

  /** Forgets bytes received so far (stale output of a sketch, late replies). */
  discard(): void {
    this.buffered = Buffer.alloc(0);
  }

  /** Hands out every byte received so far and not yet read. */
  takeBuffered(): Buffer {
    return this.take(this.buffered.length);
  }

  /**
   * Reads and returns what arrives until the link has been quiet for `quietMs` (as avrdude's
   * serial drain), or `maxMs` have passed (a port that never goes quiet), or the link closes.
   */
  async drain(quietMs: number, maxMs: number): Promise<Buffer> {
    const drained = [this.takeBuffered()];
    const end = performance.now() + maxMs;
    for (;;) {
      const left = end - performance.now();
      if (left <= 0 || this.closed) break;
      try {
        drained.push(await this.read(1, Math.min(quietMs, left)), this.takeBuffered());
      } catch (error) {
        if (error instanceof ReplyTimeoutError || error instanceof LinkClosedError) break;
        throw error;
      }
    }
    return Buffer.concat(drained);
  }

  /** Resolves with exactly `length` bytes; rejects with ReplyTimeoutError or LinkClosedError. */
  read(length: number, timeoutMs: number): Promise<Buffer> {
    if (this.pending) return Promise.reject(new Error('ReplyReader: a read is already pending'));
    if (this.buffered.length >= length) return Promise.resolve(this.take(length));
    if (this.closed) return Promise.reject(new LinkClosedError());
    return new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = undefined;
        reject(new ReplyTimeoutError(timeoutMs, this.buffered.length, length));
      }, Math.max(0, timeoutMs));
      this.pending = { length, resolve, reject, timer };
    });
  }

  /** Stops listening to the link; a pending read rejects. */
  dispose(): void {
    this.link.off('data', this.onData);
    this.link.off('close', this.onClose);
    this.onClose();
  }

  private settle(): void {
    const pending = this.pending;
    if (!pending || this.buffered.length < pending.length) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    pending.resolve(this.take(pending.length));
  }

  private take(length: number): Buffer {
    const bytes = Buffer.from(this.buffered.subarray(0, length));
    this.buffered = this.buffered.subarray(length);
    return bytes;
  }
}
