import { findUnoPort } from '../serial/find-uno.js';
import { openSerialTransport } from '../serial/serial-transport.js';
import { FirmataBoard } from './firmata/firmata-board.js';

/** StandardFirmata's serial speed. */
export const FIRMATA_BAUD = 57600;

/**
 * A real Arduino Uno on a USB serial port running StandardFirmata, driven through johnny-five.
 * Without a path the Uno is found by its USB identity. Opening the port resets the Uno, so the
 * firmware gets a few seconds to answer.
 */
export async function createUnoBoard(options: { serialPort?: string; readyTimeoutMs?: number } = {}): Promise<FirmataBoard> {
  const path = options.serialPort ?? (await findUnoPort()).path;
  return new FirmataBoard({
    kind: 'uno',
    port: path,
    connect: () => openSerialTransport(path, { baudRate: FIRMATA_BAUD }),
    readyTimeoutMs: options.readyTimeoutMs ?? 10_000,
    connectHint: 'the Uno resets when its port opens, about 2 s',
    advice: `is StandardFirmata on it (pinmesh flash --serial-port ${path})? is this the Uno's port (pinmesh ports)? StandardFirmata talks at ${FIRMATA_BAUD} baud`,
    reconnect: { minDelayMs: 250, maxDelayMs: 2_000 },
  });
}
