import { UserError } from '../errors.js';
import { describePortBriefly, type SerialPortInfo } from './list-ports.js';
import type { RawPortLister } from './raw-port.js';
import { serialPortsAndSimulators, simulatorAdvice } from './simulator-ports.js';
import { flagNames, type SettingNames } from '../setting-names.js';

/**
 * Picks the Uno among the serial ports: exactly one likely Arduino -> that one. Otherwise a
 * UserError that says what was found and what to do (plug it in, or pass --serial-port PATH, as
 * `names` says it: the command's flags by default). A simulated board among `ports` (pinmesh sim's)
 * is never picked: the advice names it.
 */
export function findUno(all: readonly SerialPortInfo[], names: SettingNames = flagNames): SerialPortInfo {
  const ports = all.filter((port) => !port.simulated);
  const simulated = simulatorAdvice(all, names);
  const likely = ports.filter((port) => port.likelyArduino);
  const [only] = likely;
  if (likely.length === 1 && only) return only;

  if (likely.length > 1) {
    throw new UserError(
      `Found ${likely.length} boards that look like Arduinos: ` +
        `${likely.map(describePortBriefly).join('; ')}. ` +
        `Pick one with ${names.serialPort()} (e.g. ${names.serialPort(likely[0]!.path)}).`,
    );
  }
  if (ports.length === 0) {
    throw new UserError(
      `No serial ports found, so no Arduino Uno either.${simulated} Plug the Uno in with a USB data cable ` +
        `(some cables only carry power), then try again, or pass ${names.serialPort()}.`,
    );
  }
  throw new UserError(
    `No serial port looks like an Arduino Uno. Ports found: ${ports.map(describePortBriefly).join('; ')}.${simulated} ` +
      `Plug the Uno in (with a USB data cable), or if it is one of these, pass ${names.serialPort()}.`,
  );
}

/** Lists the serial ports (and the simulated boards running, for advice) and picks the Uno (see findUno). */
export async function findUnoPort(lister?: RawPortLister, names: SettingNames = flagNames): Promise<SerialPortInfo> {
  return findUno(await serialPortsAndSimulators(lister, names), names);
}
