import type { PinObservation, PwmObservation, ServoObservation } from '../board.js';

/**
 * What a board can see of its own MCU's pins, beyond what the host wrote. The simulated Uno has
 * it (its port and timer registers); a real Uno over USB does not, so its observations are host
 * writes that reached the board.
 *
 * Call each confirm right after the write's bytes were queued, in the order they were queued.
 */
export interface PinTruth {
  /**
   * Resolves once the MCU's pin shows `value`: with the observation of its change, or undefined when
   * the pin already was at `value` (the write changed nothing: no `pin` event); rejects if it never does.
   */
  confirmLevel(pin: number, value: 0 | 1, landed: Promise<void>): Promise<PinObservation | undefined>;
  /** Resolves once the MCU's timer drives the pin at `duty` (0: LOW, 255: HIGH); rejects if it never does. */
  confirmPwm(pin: number, duty: number, landed: Promise<void>): Promise<PwmObservation>;
  /**
   * Resolves once the MCU's pulses on the pin command `degrees` (with the pulse width measured),
   * or, for `undefined` (a detach), once the pin has stopped pulsing; rejects if it never does.
   */
  confirmServo(pin: number, degrees: number | undefined, landed: Promise<void>): Promise<ServoObservation>;
}
