import { performance } from 'node:perf_hooks';
import type { ClockPace } from '../sketches/clock.js';

export type ClockStatus = 'running' | 'paused' | 'done';

/**
 * The clock's pace, under the view's control: between two ticks the clock waits its delay, or
 * while paused until it is resumed; "tick once" lets the next tick go at once (exactly one, while
 * paused). A tick already on its way is never interrupted: pausing takes effect between ticks.
 */
export class ClockControl implements ClockPace {
  private state: ClockStatus = 'running';
  /** Ticks asked for with tickNow() and not sent yet (at most one: a second click is the same request). */
  private credits = 0;
  /** Bound: the clocks waiting for their next tick (one per clock of the run); each deleted when woken or aborted. */
  private readonly wakers = new Set<() => void>();

  constructor(private readonly onChange: (status: ClockStatus) => void = () => {}) {}

  get status(): ClockStatus {
    return this.state;
  }

  pause(): void {
    this.set('paused');
  }

  resume(): void {
    this.set('running');
  }

  /** The next tick goes now (the clock may still be busy with the one before). */
  tickNow(): void {
    if (this.state === 'done') return;
    this.credits = 1;
    this.wake();
  }

  /** The clock sent all its ticks: nothing to pause or tick any more. */
  finish(): void {
    this.set('done');
  }

  async wait(ms: number, signal?: AbortSignal): Promise<void> {
    const until = performance.now() + ms;
    for (;;) {
      if (signal?.aborted || this.state === 'done') return;
      if (this.credits > 0) {
        this.credits--;
        return;
      }
      const remaining = this.state === 'paused' ? Infinity : until - performance.now();
      if (remaining <= 0) return;
      await this.changeOr(remaining, signal);
    }
  }

  private set(state: ClockStatus): void {
    if (this.state === state || this.state === 'done') return;
    this.state = state;
    this.wake();
    this.onChange(state);
  }

  private wake(): void {
    for (const wake of [...this.wakers]) wake();
  }

  /** Resolves after `ms`, on any change, or when `signal` aborts, whichever comes first. */
  private changeOr(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
      this.wakers.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
