import { UserError } from '../errors.js';
import type { Board } from './board.js';

export interface OpenBoardOptions {
  /** For 'uno': the serial port; found by USB identity when absent. */
  serialPort?: string;
}

/**
 * How to open each kind of board. Each loads its code when asked for, so a command loads only
 * the board it drives: the mock never pulls in johnny-five, firmata-io, serialport or avr8js.
 */
const boardLoaders = {
  mock: async () => new (await import('./mock-board.js')).MockBoard(),
  sim: async () => {
    // The firmware first: fetched and verified on first use, whatever package manager installed pinmesh.
    const hexPath = await (await import('../firmware/ensure-firmware.js')).firmwarePath();
    return (await import('./sim-board.js')).createSimBoard({ hexPath }).board;
  },
  uno: async (options: OpenBoardOptions) => (await import('./uno-board.js')).createUnoBoard(options),
} satisfies Record<string, (options: OpenBoardOptions) => Promise<Board>>;

export type BoardKind = keyof typeof boardLoaders;
export const boardKinds: readonly BoardKind[] = Object.keys(boardLoaders) as BoardKind[];

function isBoardKind(kind: string): kind is BoardKind {
  return Object.hasOwn(boardLoaders, kind);
}

/** Opens the board a command asked for with --board. The caller awaits ready() and close()s it. */
export async function openBoard(kind: string, options: OpenBoardOptions = {}): Promise<Board> {
  if (!isBoardKind(kind)) throw new UserError(`unknown board "${kind}": choose one of ${boardKinds.join(', ')}`);
  return boardLoaders[kind](options);
}
