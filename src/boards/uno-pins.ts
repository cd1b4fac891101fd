import type { PinMode } from './capabilities.js';

/** An Uno's PWM pins (Timers 0, 1 and 2). */
export const UNO_PWM_PINS: readonly number[] = [3, 5, 6, 9, 10, 11];
/** An Uno's analog inputs: A0–A5 are pins 14–19. */
export const UNO_ANALOG_PINS: readonly number[] = [14, 15, 16, 17, 18, 19];

/**
 * The frequency an Uno's analogWrite() drives a PWM pin at (the Arduino core's timer prescalers):
 * 980 Hz on pins 5 and 6 (Timer0, fast PWM), 490 Hz on 3, 9, 10, 11 (phase-correct PWM).
 */
export function unoPwmFrequency(pin: number): number | undefined {
  if (!UNO_PWM_PINS.includes(pin)) return undefined;
  return pin === 5 || pin === 6 ? 980 : 490;
}

/**
 * What StandardFirmata says an Uno's pins can do: pins 0 and 1 are the serial line, every other
 * pin is digital in/out (and a servo), plus PWM on 3, 5, 6, 9, 10, 11, analog in on A0–A5, and
 * I2C on A4/A5. The mock board describes an Uno with it.
 */
export function unoPinModes(pin: number): readonly PinMode[] {
  return (Number.isInteger(pin) ? unoModeTable[pin] : undefined) ?? noModes;
}

const noModes: readonly PinMode[] = Object.freeze([]);

/** Every pin's modes, worked out once: boards ask on every write. */
const unoModeTable: ReadonlyArray<readonly PinMode[]> = Array.from({ length: 20 }, (_, pin) => {
  if (pin < 2) return noModes;
  const modes: PinMode[] = ['digital-in', 'digital-out'];
  if (UNO_PWM_PINS.includes(pin)) modes.push('pwm');
  if (UNO_ANALOG_PINS.includes(pin)) modes.push('analog-in');
  modes.push('servo');
  if (pin === 18 || pin === 19) modes.push('i2c');
  return Object.freeze(modes);
});
