/**
 * A level check (expect-pin, wait-pin) on a pin the sketch never set up, never made an output and
 * never wrote: it passes at 0 and tests nothing. Most often it is the wrong pin (expect-pin 12 for
 * an LED on 13). Not a failure, since checking that a pin stays untouched is a test of its own: a
 * warning, with the pins the sketch does drive.
 */
import { hasPinSetups, type PinSetupName } from '../boards/capabilities.js';

const DRIVEN: readonly PinSetupName[] = ['OUTPUT', 'PWM', 'SERVO'];

/** One warning for each pin of `checked` that `subject` ("this sketch", "this circuit's sketches") never set up on `board`, by the end of its run. */
export function unsetPinChecks(board: object, checked: ReadonlySet<number>, subject: string): string[] {
  if (!hasPinSetups(board) || checked.size === 0) return [];
  const setups = board.pinSetups();
  const driven = [...setups].filter(([, mode]) => DRIVEN.includes(mode)).map(([pin]) => pin).sort((a, b) => a - b);
  const drives = driven.length === 0 ? 'no pin is driven' : `driven: ${driven.length === 1 ? 'pin' : 'pins'} ${driven.join(', ')}`;
  return [...checked]
    .filter((pin) => !setups.has(pin))
    .sort((a, b) => a - b)
    .map((pin) => `pin ${pin} was checked, yet ${subject} never set it up or wrote it: the check passes at 0 and tests nothing (${drives}): is it the right pin?`);
}
