/**
 * The timers set on a clock that is not the wall's (VirtualClock, FollowedClock): each due at a
 * time of that clock, fired earliest first (and in the order set, at the same time), once.
 * `changed` is told of every timer set, cancelled or fired: what a settling host watches.
 */
import type { ClockTimer } from './clock.js';

interface Pending {
  at: number;
  seq: number;
  callback: () => void;
  cancelled: boolean;
}

export class TimerList {
  private seq = 0;
  // Bound: the timers set and not yet fired or cancelled (one per sleeping sketch, clock, device).
  private pending: Pending[] = [];

  constructor(private readonly changed: () => void) {}

  /** A timer due at `at` (`ms` from `now`; a negative or non-finite `ms` is 0). */
  set(now: number, ms: number, callback: () => void): ClockTimer {
    const entry: Pending = { at: now + Math.max(0, Number.isFinite(ms) ? ms : 0), seq: this.seq++, callback, cancelled: false };
    this.pending.push(entry);
    this.changed();
    return {
      cancel: () => {
        if (entry.cancelled) return;
        entry.cancelled = true;
        this.changed();
      },
    };
  }

  /** When the earliest timer still to fire is due, if any. */
  nextAt(): number | undefined {
    return this.next()?.at;
  }

  /** Fires every timer due at `now()` (asked again after each: a callback may move a clock on). */
  fireDue(now: () => number): void {
    for (;;) {
      const next = this.next();
      if (!next || next.at > now()) return;
      next.cancelled = true;
      this.changed();
      next.callback();
    }
  }

  private next(): Pending | undefined {
    this.pending = this.pending.filter((entry) => !entry.cancelled);
    let first: Pending | undefined;
    for (const entry of this.pending) if (!first || entry.at < first.at || (entry.at === first.at && entry.seq < first.seq)) first = entry;
    return first;
  }
}
