/**
 * A clock that follows another's time rather than the wall's: the simulated Uno's MCU, running
 * unpaced (as fast as the host allows). Its timers fire when the followed time passes them (checked
 * after each of its turns), so pinmesh's holds, delays and timeouts keep the MCU's time however
 * fast it runs. Until a source is attached (the board opens), its time stands at 0.
 *
 * It is also the host's side of a Lockstep (lockstep.ts), when the simulated Uno is given it: the
 * MCU then runs a turn only once the host has settled (settleTurns event-loop turns with nothing
 * new: no timer set, fired or cancelled, nothing noticed; no file read or other request in
 * flight), and no further than the next timer (at most turnMs after the host did something,
 * doubling up to idleTurnMs while it does nothing), so the timers fire at their exact MCU times and host writes land at cycles
 * that do not depend on the wall.
 */
import { sleepOn, type Clock, type ClockTimer } from './clock.js';
import { requestsInFlight, settleHost } from './host-settle.js';
import type { Lockstep } from './lockstep.js';
import { TimerList } from './timer-list.js';
import { VirtualTimeout } from './virtual-clock.js';

/** A time that moves by itself: its now(), and a way to hear that it moved. */
export interface TimeSource {
  now(): number;
  /** Calls `listener` each time the time moved; returns a function that stops. */
  onMoved(listener: () => void): () => void;
}

export interface FollowedClockOptions {
  /** Lockstep: event-loop turns with nothing new after which the host counts as settled. Default 12. */
  settleTurns?: number;
  /** Lockstep: an MCU turn after the host did something, in ms (the latency of what the MCU sends it). Default 1, a USB frame. */
  turnMs?: number;
  /** Lockstep: the longest turn, reached by doubling while the host does nothing. Default 16. */
  idleTurnMs?: number;
}

export class FollowedClock implements Clock {
  private source: TimeSource | undefined;
  private stopFollowing: (() => void) | undefined;
  private activity = 0;
  private readonly timers = new TimerList(() => this.activity++);
  private readonly settleTurns: number;
  private readonly turnMs: number;
  private readonly idleTurnMs: number;
  /** Lockstep: the last turn's length, and the activity when it was asked for. */
  private lastTurnMs = 0;
  private activityAtTurn = -1;

  constructor(options: FollowedClockOptions = {}) {
    this.settleTurns = options.settleTurns ?? 12;
    this.turnMs = options.turnMs ?? 1;
    this.idleTurnMs = Math.max(this.turnMs, options.idleTurnMs ?? 16);
  }

  /** The MCU's side of running in lockstep with this host (given to the simulated Uno). */
  readonly lockstep: Lockstep = {
    turnMs: () => {
      // Short turns while the host is busy (it hears the MCU within a USB frame), doubling while it does nothing.
      const idle = this.activity === this.activityAtTurn;
      this.activityAtTurn = this.activity;
      this.lastTurnMs = idle ? Math.min(this.idleTurnMs, this.lastTurnMs * 2) : this.turnMs;
      const nowMs = this.now();
      return Math.max(0, Math.min(nowMs + this.lastTurnMs, this.timers.nextAt() ?? Number.POSITIVE_INFINITY) - nowMs);
    },
    horizonMs: () => {
      const next = this.timers.nextAt();
      return next === undefined ? Number.POSITIVE_INFINITY : Math.max(0, next - this.now());
    },
    whenHostIdle: (turn) => void settleHost(() => this.activity, this.settleTurns, () => this.fireDue(), requestsInFlight).then(turn),
    noticed: () => this.notice(),
  };

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
    return this.timers.set(this.now(), ms, callback);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal);
  }

  /** Something happened that may lead to more (a pin changed, a frame was sent): a settling host goes on. */
  notice(): void {
    this.activity++;
  }

  /** Resolves once `ms` of the followed time passed; rejects with its reason once `signal` aborts. */
  advance(ms: number, signal?: AbortSignal): Promise<void> {
    return this.sleep(ms, signal);
  }

  /** `promise`, or a VirtualTimeout once `limitMs` of the followed time passed without it. */
  runUntil<T>(promise: Promise<T>, limitMs = Number.POSITIVE_INFINITY): Promise<T> {
    if (!Number.isFinite(limitMs)) return promise;
    let timer: ClockTimer | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = this.setTimer(() => reject(new VirtualTimeout(limitMs)), limitMs)));
    return Promise.race([promise, timeout]).finally(() => timer?.cancel());
  }

  private fireDue(): void {
    this.timers.fireDue(() => this.now());
  }
}
