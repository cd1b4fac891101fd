/**
 * Which pins a test may press: a button is heard only on a pin the sketch reads. On a real Uno a
 * button on a pin the sketch never made an input does nothing, so a test pressing one would pass
 * while testing nothing (the wrong pin number); the bench refuses it, naming the pins the sketch
 * did set up, as the board was told (their Firmata modes, an input's reporting on).
 */
import { hasPinSetups, type PinSetupName } from '../boards/capabilities.js';
import { UserError } from '../errors.js';

/** Whose pins a bench presses: one sketch's, or a circuit's sketches' (on its first board). */
export type BenchSubject = 'sketch' | 'circuit';

const heard: ReadonlySet<PinSetupName> = new Set(['INPUT', 'INPUT_PULLUP']);

/** Throws a UserError unless `board` has `pin` set up as a digital input; a board that does not say what its pins are is trusted. */
export function checkPressable(board: object, pin: number, subject: BenchSubject, action: 'press' | 'release' = 'press'): void {
  if (!hasPinSetups(board)) return;
  const setups = board.pinSetups();
  const setup = setups.get(pin);
  if (setup !== undefined && heard.has(setup)) return;
  const whose = subject === 'sketch' ? 'this sketch' : "this circuit's sketches";
  if (setup === 'ANALOG') {
    throw new UserError(`pin ${pin} is an analog input of ${whose} (ANALOG), which no button press changes: set its reading with setAnalog(${pin}, value) (a set-analog step)`);
  }
  const they = subject === 'sketch' ? 'it' : 'they';
  const inputs = [...setups.values()].some((name) => heard.has(name));
  const advice = inputs ? `${action} the pin the sketch reads` : `the sketch reads no pin: it makes one an input with a Button's start() or this.board.digitalRead(pin)`;
  throw new UserError(`pin ${pin} is not an input of ${whose} (${they} set up ${pinList(setups)}): ${advice}`);
}

/** "pins 2 (INPUT_PULLUP), 9 (SERVO)", "pin 13 (OUTPUT)", "no pin". */
function pinList(setups: ReadonlyMap<number, PinSetupName>): string {
  const pins = [...setups].sort(([a], [b]) => a - b).map(([pin, name]) => `${pin} (${name})`);
  if (pins.length === 0) return 'no pin';
  return `${pins.length === 1 ? 'pin' : 'pins'} ${pins.join(', ')}`;
}
