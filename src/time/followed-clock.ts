/**
 * A clock that follows another's time rather than the wall's: the simulated Uno's MCU, running
 * unpaced (as fast as the host allows). Its timers fire when the followed time passes them (checked
 * after each of its turns), so pinmesh's holds, delays and timeouts keep the MCU's time however
 * fast it runs. Until a source is attached (the board opens), its time stands at 0.
 */
import { sleepOn, type Clock, type ClockTimer } from './clock.js';
import { VirtualTimeout } from './virtual-clock.js';

/** A time that moves by itself: its now(), and a way to hear that it moved. */
export interface TimeSource {
  now(): number;
  /** Calls `listener` each time the time moved; returns a function that stops. */
  onMoved(listener: () => void): () => void;
}

interface Pending {
  at: number;
  seq: number;
  callback: () => void;
  cancelled: boolean;
}

export class FollowedClock implements Clock {
  private source: TimeSource | undefined;
  private stopFollowing: (() => void) | undefined;
  private seq = 0;
  // Bound: the timers set and not yet fired or cancelled.
  private pending: Pending[] = [];

  /** Follows `source` from now on (the first source only: a run's one MCU). */
  attach(source: TimeSource): void {
    if (this.source) return;
    this.source = source;
    this.stopFollowing = source.onMoved(() => this.fireDue());
  }

  /** Stops following (the board closed): timers stay unfired. */
  detach(): void {
    this.stopFollowing?.();
  }

  now(): number {
    return this.source?.now() ?? 0;
  }

  setTimer(callback: () => void, ms: number): ClockTimer {
    const entry: Pending = { at: this.now() + Math.max(0, Number.isFinite(ms) ? ms : 0), seq: this.seq++, callback, cancelled: false };
    this.pending.push(entry);
    return { cancel: () => void (entry.cancelled = true) };
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal);
  }

  /** The followed time moves on its own: nothing to notice. */
  notice(): void {}

  /** Resolves once `ms` of the followed time passed. */
  advance(ms: number): Promise<void> {
    return this.sleep(ms);
  }

  /** `promise`, or a VirtualTimeout once `limitMs` of the followed time passed without it. */
  runUntil<T>(promise: Promise<T>, limitMs = Number.POSITIVE_INFINITY): Promise<T> {
    if (!Number.isFinite(limitMs)) return promise;
    let timer: ClockTimer | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = this.setTimer(() => reject(new VirtualTimeout(limitMs)), limitMs)));
    return Promise.race([promise, timeout]).finally(() => timer?.cancel());
  }

  private fireDue(): void {
    const now = this.now();
    if (!this.pending.some((entry) => entry.at <= now || entry.cancelled)) return;
    const due = this.pending.filter((entry) => !entry.cancelled && entry.at <= now).sort((a, b) => a.at - b.at || a.seq - b.seq);
    this.pending = this.pending.filter((entry) => !entry.cancelled && entry.at > now);
    for (const entry of due) entry.callback();
  }
}
