import type { Command } from 'commander';
import type { Board } from '../boards/board.js';
import type { BoardSpec } from '../mesh/circuit.js';
import type { BoardOptions } from './common-options.js';
import type { Session } from './session.js';

/**
 * Which board each node drives: `--board` given on the command line wins, then the node's (or the
 * circuit's) board in the circuit file, then the command's default. Nodes that end up naming the
 * same board share one connection to it (one process owns a serial port).
 */
export class BoardChoice {
  private readonly opened = new Map<string, Promise<Board>>();

  constructor(
    private readonly session: Session,
    private readonly flags: BoardOptions,
    private readonly command: Command,
  ) {}

  open(spec: BoardSpec | undefined): Promise<Board> {
    const chosen = this.choose(spec);
    const key = JSON.stringify(chosen);
    let board = this.opened.get(key);
    if (!board) {
      board = this.session.openBoard(chosen.kind, { serialPort: chosen.serialPort });
      this.opened.set(key, board);
    }
    return board;
  }

  private choose(spec: BoardSpec | undefined): { kind: string; serialPort?: string } {
    const fromFile = typeof spec === 'string' ? { kind: spec } : spec;
    const given = this.command.getOptionValueSource('board') === 'cli';
    const kind = given || !fromFile ? this.flags.board : fromFile.kind;
    const serialPort = this.flags.serialPort ?? (kind === fromFile?.kind ? fromFile.serialPort : undefined);
    return serialPort ? { kind, serialPort } : { kind };
  }
}
