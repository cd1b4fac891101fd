/**
 * Time as pinmesh's own timers see it: the holds, delays and timeouts of sketches, clocks and the
 * mock board ask a Clock rather than the wall. A run's session owns one: the wall clock by
 * default, or a VirtualClock (virtual-clock.ts) under `pinmesh/testing`, where a test that waits
 * 10 s of sketch time takes milliseconds.
 */

/** A timer set on a clock; cancel() is safe to call more than once, and after it fired. */
export interface ClockTimer {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds: the wall's (Date.now()) or a virtual clock's, counted from its start. */
  now(): number;
  /** Calls `callback` once `ms` have passed on this clock. */
  setTimer(callback: () => void, ms: number): ClockTimer;
  /** Resolves once `ms` have passed on this clock; an aborted `signal` rejects with its reason. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Sleeps on any clock through its setTimer: what every Clock's sleep() is. */
export function sleepOn(clock: Pick<Clock, 'setTimer'>, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      timer.cancel();
      reject(signal!.reason);
    };
    const timer = clock.setTimer(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The wall's clock: Date.now() and Node's timers. */
export const wallClock: Clock = {
  now: () => Date.now(),
  setTimer(callback, ms) {
    const timer = setTimeout(callback, ms);
    return { cancel: () => clearTimeout(timer) };
  },
  sleep(ms, signal) {
    return sleepOn(wallClock, ms, signal);
  },
};
