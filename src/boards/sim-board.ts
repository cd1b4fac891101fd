import { attachCable } from './cable.js';
import { FirmataBoard } from './firmata/firmata-board.js';
import { SimulatedUno, type SimulatedUnoOptions } from './sim/simulated-uno.js';
import { ServoWatch } from './sim/servo-watch.js';
import { buttonPressOn, registerButtonPress } from './sim/button-press.js';
import { simPinTruth } from './sim/sim-pin-truth.js';
import { registerSimulatedUno } from './sim/uno-of-board.js';

export interface SimBoard {
  board: FirmataBoard;
  /** The simulated MCU itself: tests pull its cable (unplug/plug) and read its pins. */
  uno: SimulatedUno;
  /** The servo signals on the MCU's pins, timed from their edges. */
  servos: ServoWatch;
}

/** How long the simulated Uno's firmware has to answer, in wall time. */
export const SIM_READY_TIMEOUT_MS = 60_000;

/**
 * A simulated Uno running the real StandardFirmata, driven through the same johnny-five and
 * firmata-io code as a real Uno: only the byte transport differs.
 */
export function createSimBoard(options: SimulatedUnoOptions = {}): SimBoard {
  const uno = new SimulatedUno(options);
  const servos = new ServoWatch(uno);
  const board = new FirmataBoard({
    kind: options.model === 'mega' ? 'sim-mega' : 'sim', // as --board names it
    port: uno.description,
    connect: () => uno.openTransport(),
    // The firmware answers after a fixed stretch of its own time (a few hundred simulated ms); only a
    // host too busy to run the MCU makes that long in wall time, so the wait is generous: a machine
    // running several simulations at once is slow, not broken.
    readyTimeoutMs: SIM_READY_TIMEOUT_MS,
    // In lockstep with a test: no question timed by the wall, and what the host sees stamped in the MCU's time.
    ...(options.lockstep && { reportVersionTimeoutMs: SIM_READY_TIMEOUT_MS, now: () => uno.simulatedMs }),
    truth: simPinTruth(uno, servos),
    reconnect: { minDelayMs: 100, maxDelayMs: 1_000 },
    release: () => uno.stop(),
  });
  attachCable(board, { unplug: () => uno.unplug(), plug: () => uno.plug(), get plugged() { return uno.plugged; } });
  registerSimulatedUno(board, uno); // simulatedUnoOf(board): tests and recordings reach the MCU
  registerButtonPress(board, buttonPressOn(uno)); // simButtonPress(board): the keys and the live view press buttons
  return { board, uno, servos };
}
