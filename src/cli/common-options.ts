import { InvalidArgumentError, Option, type Command } from 'commander';
import { boardKindNamed, boardKinds, isBoardUrl, namedBoardKinds, type BoardKind, type BoardName } from '../boards/open-board.js';
import { closestName } from '../did-you-mean.js';
import { DEFAULT_CONNECT_FOR_MS } from '../runtime/peer-wait.js';
import { assertNoSecretInUrl } from '../security/url-secrets.js';
import * as parse from './parse.js';
import { serialPortOption } from './serial-port-option.js';
import { adviseOnUsageErrors, appendToFirstLine } from './usage-advice.js';

/** Options every command that reads the mesh or prints events has. */
export interface OutputOptions {
  circuit?: string;
  json?: boolean;
}

export interface BoardOptions {
  board: BoardName;
  serialPort?: string;
}

export interface ListenOptions {
  host?: string;
  port?: number;
}

export function outputOptions(command: Command): Command {
  return command
    .option('--circuit <file>', 'circuit file (JSON) naming the nodes and where they listen; replaces the built-in one')
    .option('--json', 'print one JSON object per line instead of human text');
}

/** A board kind, the address of a board node (`pinmesh board`) another process runs, or of a Firmata board on the network. */
function boardKind(value: string): BoardName {
  const kind = boardKindNamed(value); // In any case: --board Uno is the Uno.
  if (kind !== undefined) return kind;
  if (isBoardUrl(value) || /^tcp:\/\//i.test(value)) {
    assertNoSecretInUrl(value, 'the --board address'); // A UserError: commander would print the value.
    return value as BoardName; // ws://, wss:// or tcp://, in any case
  }
  if (parse.isSerialPortPath(value)) throw new InvalidArgumentError(`${value} is a serial port, not a board: ${parse.SERIAL_PORT_HINT} (--board uno --serial-port ${value}).`);
  const meant = closestName(value, boardKinds);
  throw new InvalidArgumentError(
    `${meant === undefined ? '' : `Did you mean ${meant}? `}Allowed choices are ${boardKinds.join(', ')}, a board node's address ws://HOST:PORT (pinmesh board), or a Firmata board on the network tcp://HOST:PORT.`,
  );
}

/** `--board` and `--serial-port`; `boardNode: false` for a command a board node cannot serve (probe: it has no firmware to ask). */
export function boardOptions(command: Command, defaultBoard: BoardKind, { boardNode = true } = {}): Command {
  const node = boardNode ? ', ws://HOST:PORT of a board node (pinmesh board),' : ',';
  command.addOption(new Option('--board <kind>', `board to drive: ${boardKinds.join(', ')}${node} or tcp://HOST:PORT of a Firmata board on the network (StandardFirmataWiFi/Ethernet, or the simulated Uno on a TCP port)`).argParser(boardKind).default(defaultBoard));
  serialPortOption(command, 'serial port of a real board (--board uno, nano, mega); found by USB identity when omitted');
  command.hook('preAction', refuseUnusedSerialPort);
  return adviseOnUsageErrors(command, (text) => (text.startsWith(UNUSED_SERIAL_PORT) ? appendToFirstLine(text, 'leave --serial-port out, or pass --board uno') : text));
}

const UNUSED_SERIAL_PORT = 'error: --serial-port is for a board on a serial port';

/**
 * `--board sim --serial-port /dev/ttyACM0`, or `--serial-port` alone where the command's default
 * board is the mock or the simulator: a port the board has none of, refused rather than left unused.
 * Without --board, a circuit file (--circuit) may name a board on a serial port: the port is its.
 */
function refuseUnusedSerialPort(command: Command): void {
  const { board, serialPort } = command.opts<BoardOptions>();
  if (serialPort === undefined || namedBoardKinds.includes(board)) return;
  if (command.getOptionValueSource('board') === 'cli') {
    command.error(`${UNUSED_SERIAL_PORT} (--board uno, nano or mega); --board ${board} has none`);
  }
  if (command.getOptionValue('circuit') !== undefined) return;
  command.error(`${UNUSED_SERIAL_PORT} (--board uno, nano or mega); --board ${board}, pinmesh ${command.name()}'s default, has none`);
}

export interface SeedOptions {
  seed?: number;
}

/** --seed: every random choice of the run (the iopin's bits) from one seeded source, so a run repeats. */
export function seedOption(command: Command): Command {
  return command.option('--seed <n>', 'seed every random choice (the iopin’s bits): runs with the same seed draw the same', parse.number({ integer: true }));
}

export function listenOptions(command: Command, role: string): Command {
  return command
    .option('-s, --host <host>', `address to listen on (default: the ${role} node's host in the circuit)`)
    .option('-p, --port <port>', `port to listen on (default: the ${role} node's port in the circuit)`, parse.nodePort);
}

export interface PeerOptions {
  peerTimeout: number;
}

/** How long to keep retrying a peer that does not answer, before saying so. */
export function peerOptions(command: Command): Command {
  return command.option('--peer-timeout <seconds>', 'how long to retry a peer that does not answer', parse.number({ min: 0 }), DEFAULT_CONNECT_FOR_MS / 1000);
}

export function peerLinkOptions(flags: PeerOptions): { connectFor: number } {
  return { connectFor: flags.peerTimeout * 1000 };
}
