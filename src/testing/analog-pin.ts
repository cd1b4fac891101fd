/**
 * Which pins a test may set an analog reading on: an analog input the sketch reads. A reading set
 * on another pin changes nothing the sketch sees, so a test of a dimmer reading A0 that sets A1
 * (or pin 9, its PWM output, or pin 0 meaning A0 as Arduino's analogRead(0) does) would pass while
 * testing nothing; the bench says so, as a press on a pin the sketch never reads does
 * (pressable-pin.ts).
 *
 * When: a pin that is no analog input of the board is refused (0–5 with the hint that Arduino's
 * analog pin 0 is A0); so is an analog pin the sketch set up as something else, or one it does not
 * read while it reads others. A sketch that reads no analog pin yet may read it only in loop(),
 * after the reading is set (analogRead on a frame), so then any analog input is allowed.
 */
import { analogInputs } from '../boards/analog-inputs.js';
import { hasPinSetups, type PinMode } from '../boards/capabilities.js';
import { UserError } from '../errors.js';
import { whose, type BenchSubject } from './pressable-pin.js';

/** Throws a UserError unless `pin` is an analog input of `board` that the sketch (or circuit) may read. */
export function checkAnalogInput(board: { pinModes(pin: number): readonly PinMode[] }, pin: number, subject: BenchSubject): void {
  const analog = analogInputs(board);
  if (analog.length === 0) return; // a board that names none: trusted
  const index = analog.indexOf(pin);
  if (index === -1) {
    if (pin < analog.length) throw new UserError(`analog pin ${pin} is A${pin}: write 'A${pin}' or ${analog[pin]}`);
    throw new UserError(`pin ${pin} is not an analog input (A0–A${analog.length - 1} are pins ${analog[0]}–${analog.at(-1)})`);
  }
  if (!hasPinSetups(board)) return;
  const setups = board.pinSetups();
  const setup = setups.get(pin);
  if (setup === 'ANALOG') return;
  const read = analog.filter((other) => setups.get(other) === 'ANALOG');
  if (setup === undefined && read.length === 0) return;
  const reads = read.length === 0 ? 'reads no analog pin' : `reads ${read.map((other) => `A${analog.indexOf(other)} (${other})`).join(', ')}`;
  const named = `pin ${pin} (A${index})`;
  if (setup !== undefined) throw new UserError(`${named} is set up as ${setup} by ${whose(subject)}, not read as analog: ${subject === 'sketch' ? 'it' : 'they'} ${reads}`);
  throw new UserError(`${named} is not read by ${whose(subject)}: ${subject === 'sketch' ? 'it' : 'they'} ${reads}`);
}
