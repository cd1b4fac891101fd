/**
 * `performance.now()` reading a clock the test moves by hand, from where the real one stood. Code that
 * compares deadlines or owed wall time then sees what the test says, not when a busy machine happened
 * to fire a timer (a 5 ms timer fired at 358 ms in a whole run here). Real timers still fire; what they
 * find is the hand clock's time. `restore()` puts the real clock back: call it in a `finally`.
 */
export interface HandClock {
  advance(ms: number): void;
  restore(): void;
}

export function handClock(): HandClock {
  const real = performance.now;
  let at = real.call(performance);
  performance.now = () => at;
  return {
    advance: (ms) => {
      at += ms;
    },
    restore: () => {
      performance.now = real;
    },
  };
}
