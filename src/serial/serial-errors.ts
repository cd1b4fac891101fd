import { UserError, errorMessage } from '../errors.js';
import { describePortBriefly, type SerialPortInfo } from './list-ports.js';
import { portHolderList, type PortHolder } from './port-holders.js';
import { simulatorAdvice } from './simulator-ports.js';
import { flagNames, type SettingNames } from '../setting-names.js';

/** Where `pinmesh board` listens unless told otherwise (DEFAULT_BOARD_PORT of src/boards/remote/protocol.ts, a room above this one). */
const BOARD_NODE_URL = 'ws://127.0.0.1:8764';

/**
 * Turns the errors serialport's bindings give when opening a port into advice a person can act on.
 *
 * What the bindings say (from @serialport/bindings-cpp and binding-mock):
 *   Linux/macOS open():  "Error: No such file or directory, cannot open /dev/ttyACM0"
 *                        "Error: Permission denied, cannot open /dev/ttyACM0"
 *                        "Error: Resource busy, cannot open /dev/cu.usbmodem1101"      (macOS, EBUSY)
 *   Linux/macOS flock(): "Error Resource temporarily unavailable Cannot lock port"     (lock: true)
 *   Windows CreateFile:  "Opening COM3: File not found", "Opening COM3: Access denied" (in use)
 *   binding-mock:        "Port does not exist - please call MockBinding.createPort(...)",
 *                        "Port is locked cannot open"
 */
export type SerialErrorKind = 'not-found' | 'busy' | 'permission' | 'other';

const NOT_FOUND = /ENOENT|ENODEV|ENXIO|No such file or directory|No such device|File not found|cannot find the file|Port does not exist/i;
const BUSY = /EBUSY|EAGAIN|EWOULDBLOCK|Resource busy|Device or resource busy|Cannot lock port|Resource temporarily unavailable|Port is locked/i;
const PERMISSION = /EACCES|EPERM|Permission denied|Access denied|Operation not permitted/i;

function errorText(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = errorMessage(error);
  return typeof code === 'string' ? `${code} ${message}` : message;
}

export function classifySerialError(
  error: unknown,
  platform: NodeJS.Platform = process.platform,
): SerialErrorKind {
  const text = errorText(error);
  if (NOT_FOUND.test(text)) return 'not-found';
  if (BUSY.test(text)) return 'busy';
  if (PERMISSION.test(text)) {
    // Windows opens COM ports exclusively and says "Access denied" when another program has it.
    return platform === 'win32' ? 'busy' : 'permission';
  }
  return 'other';
}

export interface SerialErrorContext {
  /** The port pinmesh tried to use. */
  path: string;
  /** Ports that do exist, to list when `path` does not (a simulated board's: named as such). Unknown (listing failed): omit. */
  ports?: readonly SerialPortInfo[] | undefined;
  platform?: NodeJS.Platform;
  /** What the port was opened for: to drive the board (default), or to flash it (no board node can share that). */
  purpose?: 'drive' | 'flash';
  /** How the person gives the serial port and the board (default: the command's flags). */
  names?: SettingNames;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The UserError to show for a failure to open `context.path`. */
export function translateSerialOpenError(error: unknown, context: SerialErrorContext): UserError {
  if (error instanceof UserError) return error;
  const { path } = context;
  const names = context.names ?? flagNames;
  const platform = context.platform ?? process.platform;
  const reason = oneLine(errorMessage(error));

  switch (classifySerialError(error, platform)) {
    case 'not-found':
      return portNotFoundError(path, context.ports, names);
    case 'busy':
      // Named where this machine says who (Linux): `in use by pinmesh circuit (pid 4242)`.
      return portBusyError(path, portHolderList(path, platform), reason, context.purpose ?? 'drive', names);
    case 'permission':
      return new UserError(
        platform === 'linux'
          ? `No permission to open serial port ${path} (${reason}). Add yourself to the dialout group ` +
              '(uucp on Arch): `sudo usermod -aG dialout $USER`, then log out and back in.'
          : `No permission to open serial port ${path} (${reason}). Check who may use it ` +
              `(ls -l ${path}) and try again.`,
      );
    case 'other':
      return new UserError(
        `Could not open serial port ${path} (${reason}). Check that it is the board's serial port ` +
          '(run `pinmesh ports`) and try again.',
      );
  }
}

/** Who holds the port, and what to do about it for what this command wanted it for. */
function portBusyError(path: string, holders: readonly PortHolder[], reason: string, purpose: 'drive' | 'flash', names: SettingNames): UserError {
  const who = holders.length > 0 ? holders.map((holder) => holder.name).join(', ') : `another program (${reason})`;
  const busy = `Serial port ${path} is in use by ${who}.`;
  const boardNode = holders.find((holder) => holder.boardNode !== undefined);
  if (purpose === 'flash') {
    const stop = boardNode ? `stop ${boardNode.name} first (Ctrl-C in its terminal)` : 'close the other one first (the Arduino IDE serial monitor or plotter, another pinmesh, screen or minicom)';
    return new UserError(`${busy} Flashing needs the port to itself: ${stop}, flash, then start it again.`);
  }
  const url = boardNode?.boardNode?.url;
  if (url !== undefined) {
    return new UserError(`${busy} That board node serves the board at ${url}: pass ${names.board(url)} to share it, or stop the board node first.`);
  }
  if (boardNode) {
    // Its address is not on its command line (--port 0): it printed it when it started.
    return new UserError(
      `${busy} That board node, already running, serves the board: pass ${names.board('ws://HOST:PORT')}, the address it printed ("serving on …"), to share it, or stop the board node first.`,
    );
  }
  return new UserError(
    `${busy} Only one program can own a ` +
      'serial port at a time: close the other one (the Arduino IDE serial monitor or plotter, ' +
      'another pinmesh, screen or minicom) and try again; to share one board among several pinmesh commands, ' +
      `run pinmesh board --board uno --serial-port ${path} (or --board nano, mega) and give them ${names.board(BOARD_NODE_URL)}.`,
  );
}

/** The serial port named is not there (a UserError: its message says what to do). */
export class PortNotFoundError extends UserError {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

/** "Serial port X does not exist", with the ports that do (`ports`; unknown: undefined) and the simulated boards running. */
export function portNotFoundError(path: string, ports: readonly SerialPortInfo[] | undefined, names: SettingNames = flagNames): PortNotFoundError {
  let existing = '';
  if (ports !== undefined) {
    const devices = ports.filter((port) => !port.simulated);
    existing =
      (devices.length === 0
        ? ' There are no serial ports at all: is the board plugged in (with a USB data cable)?'
        : ` Ports that exist: ${devices.map(describePortBriefly).join('; ')}.`) + simulatorAdvice(ports, names);
  }
  return new PortNotFoundError(
    `Serial port ${path} does not exist.${existing} Run \`pinmesh ports\` to list serial ports, ` +
      `then pass the right one with ${names.serialPort()}.`,
    path,
  );
}
