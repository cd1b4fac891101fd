/**
 * Lockstep between a simulated MCU and the host that drives it (a test on the simulated Uno): the
 * MCU runs a turn only once the host has nothing left to do (its bytes written, its replies read,
 * its timers due fired), and no further than the host's next timer, so every host write reaches
 * the MCU at the same cycle on every run, however fast or busy the machine: two runs of the same
 * steps are the same run. FollowedClock (followed-clock.ts) is the host's side.
 */
export interface Lockstep {
  /** How far the next turn may run, in ms of the MCU's time: up to the host's next timer, within a bound. */
  turnMs(): number;
  /** ms of the MCU's time until the host's next timer (Infinity: none): how far a turn may run without passing one. */
  horizonMs(): number;
  /** Calls `turn` once the host has settled. */
  whenHostIdle(turn: () => void): void;
  /** The host just did something (wrote bytes to the MCU): its settling goes on. */
  noticed(): void;
}
