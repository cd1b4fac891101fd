import { UserError } from '../errors.js';
import { describePortBriefly, listSerialPorts, type SerialPortInfo } from './list-ports.js';
import type { RawPortLister } from './raw-port.js';

/**
 * Picks the Uno among the serial ports: exactly one likely Arduino -> that one. Otherwise a
 * UserError that says what was found and what to do (plug it in, or pass --serial-port PATH).
 */
export function findUno(ports: readonly SerialPortInfo[]): SerialPortInfo {
  const likely = ports.filter((port) => port.likelyArduino);
  const [only] = likely;
  if (likely.length === 1 && only) return only;

  if (likely.length > 1) {
    throw new UserError(
      `Found ${likely.length} boards that look like Arduinos: ` +
        `${likely.map(describePortBriefly).join('; ')}. ` +
        `Pick one with --serial-port PATH (e.g. --serial-port ${likely[0]!.path}).`,
    );
  }
  if (ports.length === 0) {
    throw new UserError(
      'No serial ports found, so no Arduino Uno either. Plug the Uno in with a USB data cable ' +
        '(some cables only carry power), then try again, or pass --serial-port PATH.',
    );
  }
  throw new UserError(
    `No serial port looks like an Arduino Uno. Ports found: ${ports.map(describePortBriefly).join('; ')}. ` +
      'Plug the Uno in (with a USB data cable), or if it is one of these, pass --serial-port PATH.',
  );
}

/** Lists the serial ports and picks the Uno (see findUno). */
export async function findUnoPort(lister?: RawPortLister): Promise<SerialPortInfo> {
  return findUno(await listSerialPorts(lister));
}
