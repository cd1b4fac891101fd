/**
 * Slows down guessing: each address that keeps presenting wrong tokens waits longer for its next
 * answer, and may have only a few answers pending at once. A right token is never slowed, so a
 * person who mistyped once is not locked out; a guesser's rate falls to `maxPending` guesses per
 * `maxDelay`. Per remote address, in memory, bounded in size (`maxAddresses`, default 10,000, plus
 * those with an answer held); forgotten after `forgetAfter` quiet.
 */
export interface AuthThrottleOptions {
  /** Failures answered at once before the slowing starts. */
  freeFailures?: number;
  /** Delay after the first slowed failure (ms); doubles with each further failure. */
  baseDelay?: number;
  maxDelay?: number;
  /** Answers (401s) an address may have pending; more attempts are refused unchecked (429). */
  maxPending?: number;
  /** An address with no failure for this long starts afresh (ms). */
  forgetAfter?: number;
  /** Addresses remembered at most; the longest quiet is forgotten first. */
  maxAddresses?: number;
  now?: () => number;
}

interface Record {
  failures: number;
  last: number;
  pending: number;
  /** A refusal was already reported since the last failure. */
  refusalSeen: boolean;
}

/** `first` marks the first refusal since the address last failed: the one worth reporting. */
export type ThrottleVerdict = { kind: 'check' } | { kind: 'refuse'; retryAfter: number; first: boolean };

export class AuthThrottle {
  private readonly records = new Map<string, Record>();
  private readonly options: Required<AuthThrottleOptions>;

  constructor(options: AuthThrottleOptions = {}) {
    this.options = {
      freeFailures: 3,
      baseDelay: 250,
      maxDelay: 8_000,
      maxPending: 4,
      forgetAfter: 15 * 60_000,
      maxAddresses: 10_000,
      now: Date.now,
      ...options,
    };
  }

  /** Before checking a token: may `address` be checked now, or is it refused unchecked? */
  admit(address: string): ThrottleVerdict {
    const record = this.current(address);
    if (record && record.pending >= this.options.maxPending) {
      const first = !record.refusalSeen;
      record.refusalSeen = true;
      return { kind: 'refuse', retryAfter: Math.ceil(this.options.maxDelay / 1000), first };
    }
    return { kind: 'check' };
  }

  /** A wrong or missing token from `address`: how long to hold its 401, and how many failures so far. */
  failed(address: string): { delay: number; failures: number; release: () => void } {
    const record = this.current(address) ?? { failures: 0, last: 0, pending: 0, refusalSeen: false };
    record.failures += 1;
    record.refusalSeen = false;
    record.last = this.options.now();
    record.pending += 1;
    this.remember(address, record);
    const slowed = record.failures - this.options.freeFailures;
    const delay = slowed <= 0 ? 0 : Math.min(this.options.maxDelay, this.options.baseDelay * 2 ** (slowed - 1));
    let released = false;
    return {
      delay,
      failures: record.failures,
      release: () => {
        if (released) return;
        released = true;
        record.pending = Math.max(0, record.pending - 1);
      },
    };
  }

  /** A right token: the address starts afresh. */
  succeeded(address: string): void {
    const record = this.records.get(address);
    if (record && record.pending === 0) this.records.delete(address);
    else if (record) record.failures = 0;
  }

  /** How many addresses are remembered (for tests and the memory bound). */
  get size(): number {
    return this.records.size;
  }

  private current(address: string): Record | undefined {
    const record = this.records.get(address);
    if (record && record.pending === 0 && this.options.now() - record.last > this.options.forgetAfter) {
      this.records.delete(address);
      return undefined;
    }
    return record;
  }

  private remember(address: string, record: Record): void {
    this.records.delete(address); // Re-inserted last: the Map's order is least recently failed first.
    this.records.set(address, record);
    // Bound: `maxAddresses`, plus the addresses with a 401 still held (each one an open socket,
    // for at most `maxDelay`): those are skipped, not waited for, so one slow answer never lets
    // the table grow.
    for (const [oldest, entry] of this.records) {
      if (this.records.size <= this.options.maxAddresses) break;
      if (entry.pending === 0) this.records.delete(oldest);
    }
  }
}
