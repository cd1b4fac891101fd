/**
 * Requests waiting for their replies, by key (a request id, or a running number when replies come
 * in order). A request is added, then sent: from then on its reply clock runs, and only a sent
 * request can be answered. When the link drops, every waiting request fails at once.
 */
export class PendingReplies<Key, Value> {
  private readonly waiting = new Map<Key, { resolve(value: Value): void; reject(error: Error): void; timer?: NodeJS.Timeout }>();
  private sentCount = 0;

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
    if (!entry || entry.timer) return;
    entry.timer = setTimeout(() => this.fail(key, timedOut()), timeoutMs);
    this.sentCount += 1;
  }

  /** The oldest request sent and not answered: the one the next reply answers when replies come in order. */
  oldest(): Key | undefined {
    for (const [key, entry] of this.waiting) if (entry.timer) return key;
    return undefined;
  }

  /** Answers `key` with its reply; false when no request sent under that key is waiting. */
  settle(key: Key, value: Value): boolean {
    if (!this.waiting.get(key)?.timer) return false;
    this.take(key)!.resolve(value);
    return true;
  }

  /** Answers `key` with the error its reply says; false when no request sent under that key is waiting. */
  settleWithError(key: Key, error: Error): boolean {
    if (!this.waiting.get(key)?.timer) return false;
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

  private take(key: Key) {
    const entry = this.waiting.get(key);
    if (!entry) return undefined;
    this.waiting.delete(key);
    if (entry.timer) {
      clearTimeout(entry.timer);
      this.sentCount -= 1;
    }
    return entry;
  }
}
