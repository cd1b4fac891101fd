/**
 * Requests waiting for their replies, by key (a request id, or a running number when replies come
 * in order). A request is added, then sent: from then on its reply clock runs, and only a sent
 * request can be answered. When the link drops, every waiting request fails at once.
 */
interface Waiting<Value> {
  resolve(value: Value): void;
  reject(error: Error): void;
  /** Set once sent: when its reply is overdue (performance.now() ms), and the error it then fails with. */
  deadline?: number;
  timedOut?: () => Error;
}

/**
 * One reply clock for all the requests: a timer armed for the earliest deadline. An answered request
 * does not touch it; when it fires it fails what is overdue and is armed again for the next deadline,
 * if any. A node ticked flat out sends thousands of requests a second, each answered within a
 * millisecond: a timer each (made, listed, then cleared) cost its tick → ack p50 about 5 %.
 */
export class PendingReplies<Key, Value> {
  private readonly waiting = new Map<Key, Waiting<Value>>();
  private sentCount = 0;
  private timer: NodeJS.Timeout | undefined;
  /** When the timer fires (performance.now() ms); Infinity when it is not armed. */
  private timerAt = Infinity;

  /** How many requests were sent and are not answered yet. */
  get inFlight(): number {
    return this.sentCount;
  }

  get size(): number {
    return this.waiting.size;
  }

  has(key: Key): boolean {
    return this.waiting.has(key);
  }

  /** A promise for the reply to `key`. */
  add(key: Key): Promise<Value> {
    return new Promise<Value>((resolve, reject) => this.waiting.set(key, { resolve, reject }));
  }

  /** `key` went out: it fails with `timedOut()`'s error unless its reply comes within `timeoutMs`. */
  sent(key: Key, timeoutMs: number, timedOut: () => Error): void {
    const entry = this.waiting.get(key);
    if (!entry || entry.deadline !== undefined) return;
    entry.deadline = performance.now() + timeoutMs;
    entry.timedOut = timedOut;
    this.sentCount += 1;
    // An awaited reply keeps the process alive, as its own timer did; an armed clock with nothing awaited does not.
    if (this.sentCount === 1) this.timer?.ref();
    if (entry.deadline < this.timerAt) this.arm(entry.deadline);
  }

  /** The oldest request sent and not answered: the one the next reply answers when replies come in order. */
  oldest(): Key | undefined {
    for (const [key, entry] of this.waiting) if (entry.deadline !== undefined) return key;
    return undefined;
  }

  /** Answers `key` with its reply; false when no request sent under that key is waiting. */
  settle(key: Key, value: Value): boolean {
    if (this.waiting.get(key)?.deadline === undefined) return false;
    this.take(key)!.resolve(value);
    return true;
  }

  /** Answers `key` with the error its reply says; false when no request sent under that key is waiting. */
  settleWithError(key: Key, error: Error): boolean {
    if (this.waiting.get(key)?.deadline === undefined) return false;
    this.take(key)!.reject(error);
    return true;
  }

  /** Fails `key`, sent or not; false when it is not waiting. */
  fail(key: Key, error: Error): boolean {
    const entry = this.take(key);
    entry?.reject(error);
    return entry !== undefined;
  }

  /** Fails every waiting request (the link dropped, or was closed). */
  failAll(error: Error): void {
    for (const key of [...this.waiting.keys()]) this.fail(key, error);
  }

  private take(key: Key): Waiting<Value> | undefined {
    const entry = this.waiting.get(key);
    if (!entry) return undefined;
    this.waiting.delete(key);
    if (entry.deadline !== undefined) {
      this.sentCount -= 1;
      if (this.sentCount === 0) this.timer?.unref();
    }
    return entry;
  }

  private arm(at: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(this.expire, Math.max(1, at - performance.now()));
    if (this.sentCount === 0) this.timer.unref();
  }

  /** Fails every overdue request, then waits for the next deadline. */
  private readonly expire = (): void => {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = performance.now();
    const overdue: Array<[Key, Waiting<Value>]> = [];
    let next = Infinity;
    for (const [key, entry] of this.waiting) {
      if (entry.deadline === undefined) continue;
      if (entry.deadline <= now) overdue.push([key, entry]);
      else next = Math.min(next, entry.deadline);
    }
    // A failure's handler may fail others too (a link that drops its socket): each fails once.
    for (const [key, entry] of overdue) if (this.waiting.get(key) === entry) this.fail(key, entry.timedOut!());
    if (next !== Infinity && this.sentCount > 0) this.arm(next);
  };
}
