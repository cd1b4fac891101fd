import { UNO } from '../chips/board-definitions.js';
import { definitionPinModes } from './board-pins.js';
import type { PinMode } from './capabilities.js';

/** An Uno's PWM pins (Timers 0, 1 and 2). */
export const UNO_PWM_PINS: readonly number[] = UNO.pwmPins;
/** An Uno's analog inputs: A0–A5 are pins 14–19. */
export const UNO_ANALOG_PINS: readonly number[] = UNO.analogPins;

/**
 * The frequency an Uno's analogWrite() drives a PWM pin at (the Arduino core's timer prescalers):
 * 980 Hz on pins 5 and 6 (Timer0, fast PWM), 490 Hz on 3, 9, 10, 11 (phase-correct PWM).
 */
export function unoPwmFrequency(pin: number): number | undefined {
  if (!UNO_PWM_PINS.includes(pin)) return undefined;
  return pin === 5 || pin === 6 ? 980 : 490;
}

/**
 * What StandardFirmata says an Uno's pins can do (board-pins.ts, from the Uno's definition): the
 * offline default before a board is open, and the mock board's pins.
 */
export function unoPinModes(pin: number): readonly PinMode[] {
  return definitionPinModes(UNO, pin);
}
