/**
 * A serial port given empty ('' or blanks: a script's unset variable) is a mistake, not "find the
 * board by its USB identity", and no open of '' says so (serialport's is 'TypeError: "path" is not
 * defined'). One rule for `--serial-port` on the command line and `serialPort` in the library.
 */
import { UserError } from '../errors.js';

/** `serialPort` itself, or a UserError naming the option (`--serial-port`, `serialPort`) when it is empty. */
export function refuseEmptySerialPort(serialPort: string, optionName: string): string {
  if (serialPort.trim() === '') throw new UserError(`${optionName} is empty: give the board's serial port (pinmesh ports lists them)`);
  return serialPort;
}
