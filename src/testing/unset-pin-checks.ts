/**
 * A level check (expect-pin, wait-pin) on a pin the sketch never set up, never made an output and
 * never wrote: it passes at 0 and tests nothing. Most often it is the wrong pin (expect-pin 12 for
 * an LED on 13). Not a failure, since checking that a pin stays untouched is a test of its own: a
 * warning, with the pins the sketch does drive.
 */
import type { BoardConnection } from '../boards/board.js';
import { hasPinSetups, type PinMode, type PinSetupName } from '../boards/capabilities.js';
import { claimsOf } from '../boards/pin-claims.js';

const DRIVEN_SETUPS: readonly PinSetupName[] = ['OUTPUT', 'PWM', 'SERVO'];
const DRIVEN_CLAIMS: readonly PinMode[] = ['digital-out', 'pwm', 'servo'];

/**
 * One warning for each pin of `checked` that `subject` ("this sketch", "this circuit's sketches")
 * never set up on `board` by the end of its run: never claimed (an LED made but not lit yet is
 * claimed: checking that it is off is no mistake), and never given a mode.
 */
export function unsetPinChecks(board: BoardConnection, checked: ReadonlySet<number>, subject: string): string[] {
  if (!hasPinSetups(board) || checked.size === 0) return [];
  const setups = board.pinSetups();
  const claims = claimsOf(board);
  const driven = [
    ...new Set([
      ...[...setups].filter(([, mode]) => DRIVEN_SETUPS.includes(mode)).map(([pin]) => pin),
      ...claims.claimedPins().filter(({ mode }) => DRIVEN_CLAIMS.includes(mode)).map(({ pin }) => pin),
    ]),
  ].sort((a, b) => a - b);
  const drives = driven.length === 0 ? 'no pin is driven' : `driven: ${driven.length === 1 ? 'pin' : 'pins'} ${driven.join(', ')}`;
  return [...checked]
    .filter((pin) => !setups.has(pin) && claims.useOf(pin) === undefined)
    .sort((a, b) => a - b)
    .map((pin) => `pin ${pin} was checked, yet ${subject} never set it up or wrote it: the check passes at 0 and tests nothing (${drives}): is it the right pin?`);
}
