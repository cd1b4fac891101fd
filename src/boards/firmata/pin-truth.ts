import type { PinObservation } from '../board.js';

/**
 * What a board can see of its own MCU's pins, beyond what the host wrote. The simulated Uno has
 * it (its port registers); a real Uno over USB does not, so its observations are host writes
 * that reached the board.
 */
export interface PinTruth {
  /** Resolves with the pin's level as the MCU shows it once it equals `value`; rejects if it never does. */
  confirmLevel(pin: number, value: 0 | 1): Promise<PinObservation>;
  /** Resolves once the MCU's pin is sounding (on) or silent (off); rejects if it never is. */
  confirmTone(pin: number, on: boolean): Promise<void>;
  /** Tone observations measured on the MCU (with their frequency) go to `listener`. */
  onTone(listener: (observation: import('../board.js').ToneObservation) => void): () => void;
}
