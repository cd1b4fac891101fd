/**
 * What a board can do with its pins, as small capability interfaces (Gobot's model: a device is
 * written once against the capability it needs, e.g. an LED on a DigitalWriter). The mock, the
 * simulated Uno and a real Uno implement every one of them; devices live in src/devices/.
 *
 * Every write resolves only once it reached the board (and, where the board can tell, once the
 * MCU's pin shows it), and rejects with BoardOfflineError otherwise. What the board saw is
 * reported as an observation event of the board ('pin', 'pwm', 'servo', 'input'; see board.ts).
 */
import { refuseUnknownOptions } from '../unknown-option.js';
import { shownValue } from '../shown-value.js';
import { analogInputsText } from './analog-inputs.js';

/** What a pin can be used for. */
export type PinMode = 'digital-out' | 'digital-in' | 'pwm' | 'analog-in' | 'servo' | 'i2c';

/** Drives a pin HIGH (1) or LOW (0). */
export interface DigitalWriter {
  digitalWrite(pin: number, value: 0 | 1): Promise<void>;
}

/** Drives a PWM pin at a duty cycle: 0 (always LOW) … 255 (always HIGH), as Arduino's analogWrite. */
export interface PwmWriter {
  pwmWrite(pin: number, duty: number): Promise<void>;
}

/**
 * Drives a hobby servo's signal pin (Firmata's SERVO mode: the Arduino Servo library's pulse every
 * 20 ms, 544–2400 µs for 0–180°). The first write to a pin attaches the servo (pulses start);
 * the board's close() detaches it (pulses stop, the pin LOW: a servo without pulses holds no
 * position and does not move by itself). Observed as a 'servo' observation when the angle changes.
 */
export interface ServoWriter {
  servoWrite(pin: number, degrees: number): Promise<void>;
}

export interface DigitalReadOptions {
  /** Turn the MCU's internal pull-up on (a button to GND reads 1 released, 0 pressed). */
  pullUp?: boolean;
}

/**
 * Makes a pin a digital input: resolves with its level now, then reports every change of it as
 * an 'input' observation (`mode: 'digital'`).
 */
export interface DigitalReader {
  digitalRead(pin: number, options?: DigitalReadOptions): Promise<0 | 1>;
}

export interface AnalogReadOptions {
  /** How often a reading is reported, in ms (Firmata's sampling interval is one for the board). */
  intervalMs?: number;
}

/**
 * Makes a pin (A0–A5 = 14–19 on an Uno) an analog input: resolves with its first reading
 * (0–1023), then reports a reading every interval as an 'input' observation (`mode: 'analog'`).
 */
export interface AnalogReader {
  analogRead(pin: number, options?: AnalogReadOptions): Promise<number>;
}

/** Which modes a pin supports (Firmata answers this itself; the mock describes an Uno). */
export interface PinCapabilities {
  /** The pin's modes; empty for a pin that does not exist or is taken (an Uno's serial pins 0 and 1). */
  pinModes(pin: number): readonly PinMode[];
  /**
   * What pinModes answers from, for messages: "capability report of the board on /dev/ttyACM0"
   * (the firmware's own answer), or the table it stands in with before a board is open.
   */
  readonly pinSource?: string | undefined;
}

/**
 * An error for a pin used for what it cannot do: names the pin, the use, what it can do, and
 * (given `source`) what that was checked against.
 */
export function unsupported(pin: number, mode: PinMode, modes: readonly PinMode[], source?: string): Error {
  const can = modes.length > 0 ? `it supports ${modes.join(', ')}` : 'it is not usable on this board';
  const against = source ? ` on this board (${source})` : '';
  return new RangeError(`pin ${pin} cannot be used as ${mode}${against}: ${can}`);
}

/**
 * Throws `unsupported` unless the board says `pin` can be used as `mode`; for an analog read, the
 * message also says which pins are analog inputs (Arduino's `analogRead(0)` means A0, pin 14 here).
 */
export function checkPinMode(board: PinCapabilities, pin: number, mode: PinMode): void {
  const modes = board.pinModes(pin);
  if (modes.includes(mode)) return;
  const error = unsupported(pin, mode, modes, board.pinSource);
  const inputs = mode === 'analog-in' ? analogInputsText(board) : undefined;
  if (inputs) error.message += `; the analog inputs are ${inputs}: analogRead('A0') or the pin's number`;
  else {
    const valid = pinsFor(board, mode);
    if (valid.length > 0) error.message += `; choose ${listed(valid)}`;
  }
  throw error;
}

/** The board's pins that can be used as `mode` (Firmata numbers pins below 128). */
export function pinsFor(board: PinCapabilities, mode: PinMode): number[] {
  const pins: number[] = [];
  for (let pin = 0; pin < 128; pin += 1) if (board.pinModes(pin).includes(mode)) pins.push(pin);
  return pins;
}

/** "3, 5, 6, 9, 10 or 11" */
export function listed(pins: readonly number[]): string {
  return pins.length > 1 ? `${pins.slice(0, -1).join(', ')} or ${pins.at(-1)}` : String(pins[0]);
}

export { checkDegrees } from './servo-pulse.js';

/**
 * Checks a digital level: 0 (LOW) or 1 (HIGH), what the type says. A JavaScript sketch's `'high'` or
 * `true` was written LOW by the mock board and HIGH by a real one (Firmata reads any truthy value).
 */
export function checkLevel(value: unknown): void {
  if (value !== 0 && value !== 1) throw new RangeError(`a digital level is 0 (LOW) or 1 (HIGH), got ${shownValue(value)}`);
}

/** Checks digitalRead()'s options (a JavaScript sketch's `{ pullup: true }` left the input floating). */
export function checkDigitalReadOptions(options: DigitalReadOptions): void {
  refuseUnknownOptions('digitalRead()', options, ['pullUp']);
  if (options.pullUp !== undefined && typeof options.pullUp !== 'boolean') throw new TypeError(`digitalRead()'s pullUp is true or false, got ${shownValue(options.pullUp)}`);
}

/** Checks analogRead()'s options: an interval of 1–60,000 whole ms (`'fast'` was handed to the firmware). */
export function checkAnalogReadOptions(options: AnalogReadOptions): void {
  refuseUnknownOptions('analogRead()', options, ['intervalMs']);
  const ms: unknown = options.intervalMs;
  if (ms !== undefined && !(typeof ms === 'number' && Number.isInteger(ms) && ms >= 1 && ms <= 60_000)) {
    throw new RangeError(`analogRead()'s intervalMs is a whole number of milliseconds, 1 to 60000, got ${shownValue(ms)}`);
  }
}

/** Checks a PWM duty cycle: an integer 0–255. */
export function checkDuty(duty: number): void {
  if (!Number.isInteger(duty) || duty < 0 || duty > 255) throw new RangeError(`PWM duty must be an integer 0–255, got ${duty}`);
}

/**
 * Makes one output safe without closing the board, as close() does for all of them: a digital
 * output LOW, a PWM at 0, a servo detached (its pulses stop); nothing for a pin the board never
 * drove. Confirmed like a write. The board node (`pinmesh board`) uses it when one of its
 * clients goes away while the others carry on.
 */
export interface OutputSafety {
  makeSafe(pin: number): Promise<void>;
}

export function hasOutputSafety(board: object): board is OutputSafety {
  return typeof (board as Partial<OutputSafety>).makeSafe === 'function';
}

/** What the host set a pin up as, in Arduino's words: its Firmata pin mode (an input's reporting on). */
export type PinSetupName = 'OUTPUT' | 'INPUT' | 'INPUT_PULLUP' | 'PWM' | 'SERVO' | 'ANALOG';

/**
 * Every pin the host has set up so far, and as what: the pin modes the firmware was told (the mock:
 * what it was asked), an input's with its reporting on. A pin never used is absent: nothing reads
 * it, and a button on it does nothing. pinmesh/testing presses only a pin the sketch reads.
 */
export interface PinSetups {
  pinSetups(): ReadonlyMap<number, PinSetupName>;
}

export function hasPinSetups(board: object): board is PinSetups {
  return typeof (board as Partial<PinSetups>).pinSetups === 'function';
}
