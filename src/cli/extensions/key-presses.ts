import { simButtonPress, type SimButtonPress } from '../../boards/sim/button-press.js';
import type { ButtonClockSettings } from '../../sketches/button-clock.js';
import type { RunExtension } from '../run/run-extension.js';
import type { RunSession } from '../../run/run-session.js';

const CTRL_C = 0x03;
const PRESS_KEYS = new Set([0x20, 0x0d, 0x0a]); // space, Enter (CR, or LF)

/**
 * Space or Enter in the terminal taps the simulated button on `pin` (pressed 100 simulated ms, then
 * let go). Only when stdin is a terminal (it is read in raw mode, so Ctrl-C is handled here); the
 * output says which. Restores the terminal on the way out.
 */
export function pressWithKeys(press: SimButtonPress, pin: number, session: RunSession, node: string): void {
  const stdin = process.stdin;
  const tty = stdin.isTTY === true;
  session.reporter.report(node, { event: 'keys', pin, tty });
  if (!tty) return;
  const onData = (data: Buffer) => {
    for (const byte of data) {
      if (byte === CTRL_C) process.kill(process.pid, 'SIGINT');
      else if (PRESS_KEYS.has(byte)) void press.tap(pin);
    }
  };
  stdin.setRawMode(true);
  stdin.on('data', onData);
  stdin.resume();
  session.defer(() => {
    stdin.off('data', onData);
    stdin.setRawMode(false);
    stdin.pause();
  });
}

/**
 * The keys press the button that a button clock reads, when its board is a simulated Uno (other
 * boards have real fingers): from the moment the clock starts.
 */
export const keyPresses: RunExtension = {
  join: ({ session }) => ({
    clockStarting: (clock, board) => {
      const press = board && simButtonPress(board);
      if (press) pressWithKeys(press, (clock.plan.options as ButtonClockSettings).pin, session, clock.name);
    },
  }),
};
