/**
 * Which pins a test may press: a button is heard only on a pin the sketch reads. On a real Uno a
 * button on a pin the sketch never reads does nothing, so a test pressing one would pass while
 * testing nothing (the wrong pin number); the bench says so, naming the pins the sketch did set up,
 * as the board was told (their Firmata modes, an input's reporting on).
 *
 * When: a press on a pin the sketch drives (an output, PWM, a servo) or reads as analog is refused
 * at once. A pin the sketch has not set up yet may be pressed, since a sketch may read it only in
 * loop(), after the press (every pin is an input from reset); by the time the button is released it
 * must have been read as a digital input, or the release fails (after letting go of the pin).
 *
 * How: a button wired to 5 V pressed on a pin whose pull-up is on (a Button wired to ground) is
 * refused: with the pull-up the pin reads HIGH pressed or not, and the test would pass by luck. The
 * reverse, a button wired to ground on a pin read without its pull-up, is the likely mistake too,
 * but a real circuit may have a resistor of its own (an external pull-up): that is only said
 * (pressAdvice), the press goes on.
 */
import type { BoardConnection } from '../boards/board.js';
import { hasPinSetups, type PinSetupName } from '../boards/capabilities.js';
import { claimsOf } from '../boards/pin-claims.js';
import type { ButtonWiring } from '../devices/button.js';
import { UserError } from '../errors.js';

/** Whose pins a bench presses: one sketch's, or a circuit's sketches' (on its first board). */
export type BenchSubject = 'sketch' | 'circuit';

const heard: ReadonlySet<PinSetupName> = new Set(['INPUT', 'INPUT_PULLUP']);

/**
 * Throws a UserError when `board` has `pin` set up as anything but a digital input, or with its
 * pull-up on for a button wired to 5 V; a pin not set up (yet), or a board that does not say, is
 * trusted. Returns advice for a button wired to ground on a pin read without its pull-up.
 */
export function checkPressable(board: object, pin: number, subject: BenchSubject, wiredTo: ButtonWiring = 'ground'): string | undefined {
  if (!hasPinSetups(board)) return undefined;
  const setups = board.pinSetups();
  const setup = setups.get(pin);
  if (setup === 'INPUT_PULLUP' && wiredTo === '5v') {
    throw new UserError(`pin ${pin} has its pull-up on: its button is wired to ground; press it without wiredTo, or make the sketch's Button wiredTo: '5v'`);
  }
  if (setup === 'INPUT' && wiredTo === 'ground') {
    return `pin ${pin} is read without its pull-up: a button wired to ground needs one (digitalRead(${pin}, { pullUp: true }), a Button), unless the circuit has a resistor of its own; or press it with wiredTo: 5v`;
  }
  if (setup === undefined) {
    // Not set up on the board yet, but claimed by a sketch for driving (digitalOutput(13) in setup(), not written yet).
    const driven = claimsOf(board as unknown as BoardConnection).modesOf(pin).filter((mode) => mode !== 'digital-in');
    if (driven.length === 0) return undefined;
    throw notRead(setups, pin, subject, `pin ${pin} is not an input of ${whose(subject)}: ${subject === 'sketch' ? 'it' : 'they'} claimed it as ${driven.join(', ')}`);
  }
  if (heard.has(setup)) return undefined;
  throw notRead(setups, pin, subject, `pin ${pin} is not an input of ${whose(subject)}`);
}

/** Throws a UserError unless `board` has `pin` set up as a digital input by now: a press ends on a pin the sketch read. */
export function checkWasRead(board: object, pin: number, subject: BenchSubject): void {
  if (!hasPinSetups(board)) return;
  const setups = board.pinSetups();
  const setup = setups.get(pin);
  if (setup !== undefined && heard.has(setup)) return;
  const what = setup === undefined ? `pin ${pin} was pressed, yet ${whose(subject)} never read it` : `pin ${pin} is not an input of ${whose(subject)}`;
  throw notRead(setups, pin, subject, what);
}

/** "this sketch", "this circuit's sketches". */
export function whose(subject: BenchSubject): string {
  return subject === 'sketch' ? 'this sketch' : "this circuit's sketches";
}

function notRead(setups: ReadonlyMap<number, PinSetupName>, pin: number, subject: BenchSubject, what: string): UserError {
  if (setups.get(pin) === 'ANALOG') {
    return new UserError(`pin ${pin} is an analog input of ${whose(subject)} (ANALOG), which no button press changes: set its reading with setAnalog(${pin}, value) (a set-analog step)`);
  }
  const they = subject === 'sketch' ? 'it' : 'they';
  const inputs = [...setups.values()].some((name) => heard.has(name));
  const advice = inputs ? 'press the pin the sketch reads' : `the sketch reads no pin: it makes one an input with a Button's start() or this.board.digitalRead(pin)`;
  return new UserError(`${what} (${they} set up ${pinList(setups)}): ${advice}`);
}

/** "pins 2 (INPUT_PULLUP), 9 (SERVO)", "pin 13 (OUTPUT)", "no pin". */
function pinList(setups: ReadonlyMap<number, PinSetupName>): string {
  const pins = [...setups].sort(([a], [b]) => a - b).map(([pin, name]) => `${pin} (${name})`);
  if (pins.length === 0) return 'no pin';
  return `${pins.length === 1 ? 'pin' : 'pins'} ${pins.join(', ')}`;
}
