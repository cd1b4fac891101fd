import { UNO } from '../chips/board-definitions.js';
import { definitionPinModes } from './board-pins.js';
import type { PinMode } from './capabilities.js';

/** An Uno's PWM pins (Timers 0, 1 and 2). */
export const UNO_PWM_PINS: readonly number[] = UNO.pwmPins;
/** An Uno's analog inputs: A0–A5 are pins 14–19. */
export const UNO_ANALOG_PINS: readonly number[] = UNO.analogPins;

/**
 * What StandardFirmata says an Uno's pins can do (board-pins.ts, from the Uno's definition): the
 * offline default before a board is open, and the mock board's pins.
 */
export function unoPinModes(pin: number): readonly PinMode[] {
  return definitionPinModes(UNO, pin);
}
