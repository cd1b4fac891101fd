/**
 * A clock whose time moves only when it is told to, for tests (`pinmesh/testing`): a sketch that
 * waits 10 s on it waits for no wall time at all.
 *
 * Time stands still while the host works. advance() and runUntil() first let the host's own work
 * run to a standstill (settle(): sockets on 127.0.0.1, promises, board writes; the event loop turns
 * until it has turned `settleTurns` times with nothing new happening on this clock), and only then
 * jump to the next timer, fire it, and settle again. So what a sketch does between two of its
 * timers happens at one instant of virtual time, and two runs of the same steps see the same times.
 *
 * Work that waits on the wall (a socket to a process outside the test, a peer's reconnect backoff,
 * a sketch file loading) is not seen: while no timer is due, runUntil() waits for it a real
 * millisecond at a time (with a deadline, `wallGraceMs` from its last sign of life).
 */
import { sleepOn, type Clock, type ClockTimer } from './clock.js';
import { realMs, settleHost } from './host-settle.js';
import { TimerList } from './timer-list.js';

export interface VirtualClockOptions {
  /** Event-loop turns with nothing new on this clock after which the host counts as idle. Default 12. */
  settleTurns?: number;
  /** How long it waits on the wall, quiet, before it jumps to its deadline or a timer beyond it. Default 100 ms. */
  wallGraceMs?: number;
}

/** runUntil() ran out of virtual time before the promise settled. */
export class VirtualTimeout extends Error {
  constructor(readonly ms: number) {
    super(`nothing happened within ${ms} ms of simulated time`);
    this.name = 'VirtualTimeout';
  }
}

export class VirtualClock implements Clock {
  private time = 0;
  private activity = 0;
  private readonly timers = new TimerList(() => this.activity++);
  private readonly settleTurns: number;
  private readonly wallGraceMs: number;

  constructor(options: VirtualClockOptions = {}) {
    this.settleTurns = options.settleTurns ?? 12;
    this.wallGraceMs = options.wallGraceMs ?? 100;
  }

  now(): number {
    return this.time;
  }

  setTimer(callback: () => void, ms: number): ClockTimer {
    return this.timers.set(this.time, ms, callback);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal);
  }

  /** Something happened that may lead to more (a pin changed, a frame was sent): settle() waits on. */
  notice(): void {
    this.activity++;
  }

  /** Lets the host's work run to a standstill at the current time, firing the timers due now. */
  settle(): Promise<void> {
    return settleHost(() => this.activity, this.settleTurns, () => this.fireDue());
  }

  /**
   * Moves time on by `ms`, firing every timer on the way in order, the host settling after each.
   * Aborted (`signal`), it stops where time then stands, and resolves.
   */
  async advance(ms: number, signal?: AbortSignal): Promise<void> {
    const target = this.time + Math.max(0, ms);
    for (;;) {
      await this.settle();
      if (signal?.aborted) return;
      const next = this.timers.nextAt();
      if (next === undefined || next > target) break;
      this.time = next;
    }
    this.time = target;
    await this.settle();
  }

  /**
   * Runs time on, timer by timer, until `promise` settles: its value, or its error. Rejects with a
   * VirtualTimeout once `limitMs` of virtual time passed without it (time then stands at the limit).
   */
  async runUntil<T>(promise: Promise<T>, limitMs = Number.POSITIVE_INFINITY): Promise<T> {
    let settled = false;
    const watched = promise.finally(() => {
      settled = true;
      this.activity++;
    });
    watched.catch(() => undefined);
    const deadline = this.time + limitMs;
    let wallSince = performance.now();
    let lastActivity = this.activity;
    for (;;) {
      await this.settle();
      if (settled) return watched;
      const next = this.timers.nextAt();
      if (next !== undefined && next <= deadline) {
        this.time = next;
        continue;
      }
      // No timer before the deadline: only the wall (a socket outside, a backoff, a file loading) can
      // still bring it. Without a deadline it is waited for; with one, given a moment from its last sign of life.
      if (this.activity !== lastActivity) {
        lastActivity = this.activity;
        wallSince = performance.now();
      }
      if (!Number.isFinite(deadline) || performance.now() - wallSince < this.wallGraceMs) {
        await realMs(1);
        continue;
      }
      this.time = deadline;
      throw new VirtualTimeout(limitMs);
    }
  }

  private fireDue(): void {
    this.timers.fireDue(() => this.time);
  }
}
