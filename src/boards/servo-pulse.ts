/**
 * A hobby servo's angle as a pulse width, the way the Arduino Servo library (which StandardFirmata
 * drives servos with) makes it: a HIGH pulse every 20 ms, 544 µs for 0° to 2400 µs for 180°.
 * The host sends the pulse width itself (as johnny-five's Servo does), so the host knows the
 * exact pulse the MCU is to make; the simulated Uno reads the angle back from the pulse it measures.
 */
import { shownValue } from '../shown-value.js';

/** The Servo library's defaults (MIN_PULSE_WIDTH, MAX_PULSE_WIDTH): 0° and 180°. */
export const SERVO_PULSE_US = { min: 544, max: 2400 } as const;

/** The pulse width, in whole µs, for an angle of 0–180°. */
export function pulseForDegrees(degrees: number): number {
  const { min, max } = SERVO_PULSE_US;
  return Math.round(min + (degrees * (max - min)) / 180);
}

/** The angle (whole degrees, 0–180) a pulse of `us` µs commands. */
export function degreesForPulse(us: number): number {
  const { min, max } = SERVO_PULSE_US;
  return Math.min(180, Math.max(0, Math.round(((us - min) * 180) / (max - min))));
}

/** Checks a servo angle: an integer 0–180. */
export function checkDegrees(degrees: number): void {
  if (!Number.isInteger(degrees) || degrees < 0 || degrees > 180) throw new RangeError(`a servo angle must be an integer 0–180 degrees, got ${shownValue(degrees)}`);
}
