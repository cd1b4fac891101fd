import { UNO, type BoardDefinition } from '../chips/board-definitions.js';
import { findUnoPort } from '../serial/find-uno.js';
import { openSerialTransport } from '../serial/serial-transport.js';
import { FirmataBoard } from './firmata/firmata-board.js';
import type { SettingNames } from '../setting-names.js';

/** StandardFirmata's serial speed. */
export const FIRMATA_BAUD = 57600;

/**
 * A real Arduino on a USB serial port running StandardFirmata, driven through johnny-five: an Uno
 * by default, or another board of src/chips/board-definitions.ts (a Nano, a Mega). Without a path
 * the board is found by its USB identity. Opening the port resets the board, so the firmware gets
 * a few seconds to answer; what its pins can do is its own capability report's to say.
 */
export async function createUnoBoard(options: { serialPort?: string | undefined; readyTimeoutMs?: number; names?: SettingNames } = {}, definition: BoardDefinition = UNO): Promise<FirmataBoard> {
  const path = options.serialPort ?? (await findUnoPort(undefined, options.names)).path;
  const board = definition.title.replace(/^Arduino /, '');
  const flashBoard = definition === UNO ? '' : ` --board ${definition.name}`;
  return new FirmataBoard({
    kind: definition.name,
    port: path,
    connect: () => openSerialTransport(path, { baudRate: FIRMATA_BAUD, ...(options.names && { names: options.names }) }),
    readyTimeoutMs: options.readyTimeoutMs ?? 10_000,
    connectHint: `the ${board} resets when its port opens, about 2 s`,
    advice: `is StandardFirmata on it (pinmesh flash${flashBoard} --serial-port ${path})? is this the ${board}'s port (pinmesh ports)? StandardFirmata talks at ${FIRMATA_BAUD} baud`,
    reconnect: { minDelayMs: 250, maxDelayMs: 2_000 },
  });
}
