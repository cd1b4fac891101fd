import { FirmataBoard } from './firmata/firmata-board.js';
import { SimulatedUno, type SimulatedUnoOptions } from './sim/simulated-uno.js';
import { simPinTruth } from './sim/sim-pin-truth.js';
import { existsSync } from 'node:fs';
import { defaultHexPath } from './sim/firmware-path.js';
import { UserError } from '../errors.js';

export interface SimBoard {
  board: FirmataBoard;
  /** The simulated MCU itself: tests pull its cable (unplug/plug) and read its pins. */
  uno: SimulatedUno;
}

/**
 * A simulated Uno running the real StandardFirmata, driven through the same johnny-five and
 * firmata-io code as a real Uno: only the byte transport differs.
 */
export function createSimBoard(options: SimulatedUnoOptions = {}): SimBoard {
  const hexPath = options.hexPath ?? defaultHexPath();
  if (!options.program && !existsSync(hexPath)) {
    throw new UserError(`the StandardFirmata firmware for the simulated Uno is missing (${hexPath}): run npm install (it fetches and verifies it), or use --board mock`);
  }
  const uno = new SimulatedUno({ ...options, hexPath });
  const board = new FirmataBoard({
    kind: 'sim',
    port: uno.description,
    connect: () => uno.openTransport(),
    readyTimeoutMs: 15_000,
    truth: simPinTruth(uno),
    reconnect: { minDelayMs: 100, maxDelayMs: 1_000 },
    release: () => uno.stop(),
  });
  return { board, uno };
}
