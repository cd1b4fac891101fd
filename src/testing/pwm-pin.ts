/**
 * A pin the sketch drives as PWM (analogWrite, pwmWrite: a dimmer's LED) has a duty, 0–255, not a
 * level: a check of its level (expect-pin, wait-pin, waitPin) would read 0 while the LED is at
 * full, so it is refused, saying the duty and the check that reads it. Known from the pin's setup
 * as the board was told (its Firmata mode, PWM), on the mock board and the simulated Uno alike.
 */
import { hasPinSetups } from '../boards/capabilities.js';
import { UserError } from '../errors.js';

/** Whether the sketch set `pin` up as a PWM output on `board`. */
export function drivenAsPwm(board: object, pin: number): boolean {
  return hasPinSetups(board) && board.pinSetups().get(pin) === 'PWM';
}

/** "pin 9 is a PWM output (duty 255 of 255): check it with expect-pwm". */
export function pwmPinAdvice(pin: number, duty: number, check: string): string {
  return `pin ${pin} is a PWM output (duty ${duty} of 255): check it with ${check}`;
}

/** Throws a UserError when `pin` is a PWM output: a level is no way to check it. */
export function refusePwmPin(board: object, pin: number, duty: number, check: string): void {
  if (drivenAsPwm(board, pin)) throw new UserError(pwmPinAdvice(pin, duty, check));
}

/** Whether the sketch set `pin` up as a plain digital output on `board` (an LED): a duty is no way to check it. */
export function drivenAsDigital(board: object, pin: number): boolean {
  return hasPinSetups(board) && board.pinSetups().get(pin) === 'OUTPUT';
}

/** "pin 13 is a digital output (HIGH): check it with expect-pin". */
export function digitalPinAdvice(pin: number, level: 0 | 1, check: string): string {
  return `pin ${pin} is a digital output (${level === 1 ? 'HIGH' : 'LOW'}): check it with ${check}`;
}
