import { UserError } from '../errors.js';
import { closestName } from '../did-you-mean.js';
import { everyKeyOf, refuseUnknownOptions } from '../unknown-option.js';
import { assertNoSecretInUrl } from '../security/url-secrets.js';
import { refuseEmptySerialPort } from '../serial/empty-serial-port.js';
import type { Board } from './board.js';
import type { RemoteBoardOptions } from './remote/remote-board.js';
import type { Clock } from '../time/clock.js';
import type { SimulatedUnoOptions } from './sim/simulated-uno.js';
import { isTcpBoardUrl, parseTcpBoardUrl } from './tcp-board-url.js';
import { optionNames, type SettingNames } from '../setting-names.js';

export interface OpenBoardOptions {
  /** For 'uno', 'nano', 'mega': the serial port; found by USB identity when absent (never empty: a UserError). */
  serialPort?: string;
  /** For a board node (ws://HOST:PORT): the token header, the CA to trust, how to name this process. */
  remote?: Omit<RemoteBoardOptions, 'url'>;
  /** For 'sim' and 'sim-mega': how the MCU runs (`paced: false, skipIdleUnpaced: true`, `lockstep`: unpaced, in step with the host, for a test in its time). */
  sim?: Pick<SimulatedUnoOptions, 'paced' | 'skipIdleUnpaced' | 'lockstep'>;
  /** For 'mock': the clock its writes are timed by and its analog readings come on (the run's). */
  clock?: Clock;
  /**
   * How the person gives the settings the advice of a board that cannot open names (`serialPort`,
   * `board`): a program's option names by default; the CLI hands its flags.
   */
  settingNames?: SettingNames;
}

/**
 * How to open each kind of board. Each loads its code when asked for, so a command loads only
 * the board it drives: the mock never pulls in johnny-five, firmata-io, serialport or avr8js.
 */
const boardLoaders = {
  mock: async (options: OpenBoardOptions) => new (await import('./mock-board.js')).MockBoard(options.clock ? { clock: options.clock } : {}),
  sim: async (options: OpenBoardOptions) => {
    // The firmware first: fetched and verified on first use, whatever package manager installed pinmesh.
    const hexPath = await (await import('../firmware/ensure-firmware.js')).firmwarePath({ names: namesOf(options) });
    return (await import('./sim-board.js')).createSimBoard({ hexPath, ...options.sim }).board;
  },
  // The simulated Mega 2560 (an ATmega2560 running the Mega's StandardFirmata), as 'sim' is the Uno.
  'sim-mega': async (options: OpenBoardOptions) => {
    const { firmwarePath } = await import('../firmware/ensure-firmware.js');
    const { readFirmwareManifest } = await import('../firmware/firmware-manifest.js');
    const need = { board: 'mega', for: 'the simulated Mega 2560', otherwise: `use ${namesOf(options).board('mock')}` };
    const hexPath = await firmwarePath({ manifest: readFirmwareManifest(undefined, 'mega'), need });
    return (await import('./sim-board.js')).createSimBoard({ model: 'mega', hexPath, ...options.sim }).board;
  },
  uno: async (options: OpenBoardOptions) => (await import('./uno-board.js')).createUnoBoard({ ...options, names: namesOf(options) }),
  nano: async (options: OpenBoardOptions) => (await import('./uno-board.js')).createUnoBoard({ ...options, names: namesOf(options) }, (await import('../chips/board-definitions.js')).NANO),
  mega: async (options: OpenBoardOptions) => (await import('./uno-board.js')).createUnoBoard({ ...options, names: namesOf(options) }, (await import('../chips/board-definitions.js')).MEGA),
} satisfies Record<string, (options: OpenBoardOptions) => Promise<Board>>;

/** The kinds that are a board pinmesh knows by name (src/chips/board-definitions.ts), on a serial port. */
export const namedBoardKinds: readonly string[] = ['uno', 'nano', 'mega'] satisfies ReadonlyArray<keyof typeof boardLoaders>;

export type BoardKind = keyof typeof boardLoaders;

/**
 * A board as a program names it: a kind pinmesh knows (`mock`, `sim`, `uno`…), a board node's
 * `ws://HOST:PORT` (or `wss://`), or a Firmata board on the network's `tcp://HOST:PORT`.
 */
export type BoardName = BoardKind | BoardNodeUrl | `tcp://${string}`;

/** A board node's address (`pinmesh board`, startBoardNode's `url`). */
export type BoardNodeUrl = `ws://${string}` | `wss://${string}`;
export const boardKinds: readonly BoardKind[] = Object.keys(boardLoaders) as BoardKind[];

function isBoardKind(kind: string): kind is BoardKind {
  return Object.hasOwn(boardLoaders, kind);
}

/**
 * The kind a board's name means, in any case (`Uno` is `uno`), wherever it is given: --board, a
 * circuit file's `board`, `openBoard`. Undefined for a name pinmesh does not know.
 */
export function boardKindNamed(name: string): BoardKind | undefined {
  const lower = name.toLowerCase();
  return isBoardKind(lower) ? lower : undefined;
}

/** A board served by another process (`pinmesh board`): its ws:// or wss:// URL. */
export function isBoardUrl(kind: string): boolean {
  return /^wss?:\/\//i.test(kind);
}

/** What openBoard() takes: a misspelt option (`serialport`) is refused, not opened as the default. */
const openBoardOptionKeys = everyKeyOf<OpenBoardOptions>()(['serialPort', 'remote', 'sim', 'clock', 'settingNames']);

/**
 * Opens the board a command asked for with --board: a kind (in any case), the URL of a board node, or a
 * Firmata board on the network's tcp://HOST:PORT. The caller awaits ready() and close()s it. A
 * `serialPort` given empty is refused, whatever the kind.
 */
export async function openBoard(kind: string, options: OpenBoardOptions = {}): Promise<Board> {
  refuseUnknownOptions('openBoard()', options, openBoardOptionKeys);
  if (options.serialPort !== undefined) refuseEmptySerialPort(options.serialPort, 'serialPort');
  if (isTcpBoardUrl(kind)) return (await import('./tcp-board.js')).createTcpBoard(kind);
  if (isBoardUrl(kind)) {
    const { RemoteBoard } = await import('./remote/remote-board.js');
    return new RemoteBoard({ settingNames: namesOf(options), ...options.remote, url: checkedBoardUrl(kind) });
  }
  return boardLoaders[knownBoardKind(kind)](options);
}

/**
 * Refuses, opening nothing, a board openBoard would refuse, with its message: a name pinmesh does not
 * know, or a ws:// or tcp:// address that is not one (a circuit's boards are checked before any opens).
 */
export function checkBoardName(kind: string): void {
  if (isTcpBoardUrl(kind)) parseTcpBoardUrl(kind);
  else if (isBoardUrl(kind)) checkedBoardUrl(kind);
  else knownBoardKind(kind);
}

/** The kind a board's name means, or the UserError that lists the choices. */
function knownBoardKind(kind: string): BoardKind {
  const known = boardKindNamed(kind);
  if (known === undefined) throw new UserError(`unknown board "${kind}"${meantBoard(kind)}: choose one of ${boardKinds.join(', ')}, a board node's ws://HOST:PORT, or a Firmata board on the network's tcp://HOST:PORT`);
  return known;
}

/** ` (did you mean uno?)` for a misspelt board, else nothing. */
function meantBoard(name: string): string {
  const meant = closestName(name, boardKinds);
  return meant === undefined ? '' : ` (did you mean ${meant}?)`;
}

function checkedBoardUrl(url: string): string {
  assertNoSecretInUrl(url, 'the board address');
  try {
    const parsed = new URL(url);
    if (!parsed.port && !/^wss:/i.test(url)) throw new Error('no port');
    return url;
  } catch {
    throw new UserError(`bad board address "${url}": give the board node's ws://HOST:PORT (e.g. ws://127.0.0.1:8764)`);
  }
}

/** How a board opened with `options` names the settings its advice names: as given, or a program's options. */
function namesOf(options: OpenBoardOptions): SettingNames {
  return options.settingNames ?? optionNames;
}
