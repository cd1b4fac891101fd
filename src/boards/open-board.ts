import { UserError } from '../errors.js';
import type { Board } from './board.js';
import { MockBoard } from './mock-board.js';
import { createSimBoard } from './sim-board.js';
import { createUnoBoard } from './uno-board.js';

export const boardKinds = ['mock', 'sim', 'uno'] as const;
export type BoardKind = (typeof boardKinds)[number];

export interface OpenBoardOptions {
  /** For 'uno': the serial port; found by USB identity when absent. */
  serialPort?: string;
}

/** Opens the board a command asked for with --board. The caller awaits ready() and close()s it. */
export async function openBoard(kind: string, options: OpenBoardOptions = {}): Promise<Board> {
  switch (kind) {
    case 'mock':
      return new MockBoard();
    case 'sim':
      return createSimBoard().board;
    case 'uno':
      return createUnoBoard(options);
    default:
      throw new UserError(`unknown board "${kind}": choose one of ${boardKinds.join(', ')}`);
  }
}
