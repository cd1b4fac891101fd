/**
 * Slows down the answers to wrong tokens. It is asked only after a token was checked and found
 * wrong (token-guard.ts), so a right token is never slowed by anyone's failures, its own address's
 * included.
 *
 * Per remote address: the first `freeFailures` are answered at once, then each answer is held
 * `baseDelay` doubling to `maxDelay`; an address may have `maxPending` answers held at once, and
 * past that a failure is refused at once (429) instead of held. Across all addresses (a guesser can
 * use every address of 127.0.0.0/8, or many hosts): past `globalFreeFailures` failures in one
 * `globalWindow`, every failure is held `maxDelay`, and at most `maxPendingTotal` answers are held
 * in all, so the memory a guesser can pin is bounded and so is the rate of held answers.
 *
 * Addresses are remembered in memory, at most `maxAddresses`, each forgotten after `forgetAfter`
 * quiet.
 */
export interface FailureThrottleOptions {
  /** Failures of one address answered at once before its answers are held. */
  freeFailures?: number;
  /** Hold after the first slowed failure (ms); doubles with each further failure. */
  baseDelay?: number;
  maxDelay?: number;
  /** Answers one address may have held at once; a further failure is refused at once (429). */
  maxPending?: number;
  /** An address with no failure for this long starts afresh (ms). */
  forgetAfter?: number;
  /** Addresses remembered at most; the longest quiet is forgotten first. */
  maxAddresses?: number;
  /** Failures from all addresses in one window before every failure is held `maxDelay`. */
  globalFreeFailures?: number;
  /** The window of `globalFreeFailures` (ms). */
  globalWindow?: number;
  /** Answers held at once across all addresses; a further failure is refused at once (429). */
  maxPendingTotal?: number;
  now?: () => number;
}

interface AddressRecord {
  failures: number;
  last: number;
  pending: number;
  /** A refusal was already reported since the address last had an answer held. */
  refusalSeen: boolean;
}

/**
 * What to do with a failure: hold its answer `delay` ms (then call `release`), or refuse it at
 * once. `first` marks the refusal worth reporting: the first of a run, per address or globally.
 */
export type FailureVerdict =
  | { kind: 'hold'; delay: number; failures: number; release: () => void }
  | { kind: 'refuse'; retryAfter: number; failures: number; first: boolean };

export class FailureThrottle {
  private readonly records = new Map<string, AddressRecord>();
  private readonly options: Required<FailureThrottleOptions>;
  private pendingTotal = 0;
  private windowStart = -Infinity;
  private windowFailures = 0;
  private globalRefusalSeen = false;

  constructor(options: FailureThrottleOptions = {}) {
    this.options = {
      freeFailures: 3,
      baseDelay: 250,
      maxDelay: 8_000,
      maxPending: 4,
      forgetAfter: 15 * 60_000,
      maxAddresses: 10_000,
      globalFreeFailures: 30,
      globalWindow: 60_000,
      maxPendingTotal: 64,
      now: Date.now,
      ...options,
    };
  }

  /** A wrong token from `address`, already checked: hold its answer or refuse it. */
  failed(address: string): FailureVerdict {
    const now = this.options.now();
    const globalFailures = this.countGlobal(now);
    const record = this.current(address, now) ?? { failures: 0, last: 0, pending: 0, refusalSeen: false };
    record.failures += 1;
    record.last = now;
    this.remember(address, record);
    const retryAfter = Math.ceil(this.options.maxDelay / 1000);

    if (this.pendingTotal >= this.options.maxPendingTotal) {
      const first = !this.globalRefusalSeen;
      this.globalRefusalSeen = true;
      return { kind: 'refuse', retryAfter, failures: record.failures, first };
    }
    if (record.pending >= this.options.maxPending) {
      const first = !record.refusalSeen;
      record.refusalSeen = true;
      return { kind: 'refuse', retryAfter, failures: record.failures, first };
    }

    record.refusalSeen = false;
    record.pending += 1;
    this.pendingTotal += 1;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      record.pending -= 1;
      this.pendingTotal -= 1;
    };
    return { kind: 'hold', delay: this.delayFor(record.failures, globalFailures), failures: record.failures, release };
  }

  /** A right token: its address starts afresh (the global count does not: it is not the guesser's). */
  succeeded(address: string): void {
    const record = this.records.get(address);
    if (!record) return;
    if (record.pending === 0) this.records.delete(address);
    else record.failures = 0;
  }

  /** How many addresses are remembered (for tests and the memory bound). */
  get size(): number {
    return this.records.size;
  }

  /** Answers held now, across all addresses. */
  get pending(): number {
    return this.pendingTotal;
  }

  private delayFor(failures: number, globalFailures: number): number {
    const { freeFailures, baseDelay, maxDelay, globalFreeFailures } = this.options;
    if (globalFailures > globalFreeFailures) return maxDelay;
    const slowed = failures - freeFailures;
    return slowed <= 0 ? 0 : Math.min(maxDelay, baseDelay * 2 ** (slowed - 1));
  }

  /** Counts this failure in the current global window and returns the window's count. */
  private countGlobal(now: number): number {
    if (now - this.windowStart >= this.options.globalWindow) {
      this.windowStart = now;
      this.windowFailures = 0;
      this.globalRefusalSeen = false;
    }
    this.windowFailures += 1;
    return this.windowFailures;
  }

  private current(address: string, now: number): AddressRecord | undefined {
    const record = this.records.get(address);
    if (record && record.pending === 0 && now - record.last > this.options.forgetAfter) {
      this.records.delete(address);
      return undefined;
    }
    return record;
  }

  private remember(address: string, record: AddressRecord): void {
    this.records.delete(address); // Re-inserted last: the Map's order is least recently failed first.
    this.records.set(address, record);
    for (const [oldest, entry] of this.records) {
      if (this.records.size <= this.options.maxAddresses) break;
      // Held answers are at most maxPendingTotal: skipping their addresses keeps the bound.
      if (entry.pending === 0) this.records.delete(oldest);
    }
  }
}
