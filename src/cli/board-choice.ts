import type { Command } from 'commander';
import type { Board } from '../boards/board.js';
import { isBoardUrl, type OpenBoardOptions } from '../boards/open-board.js';
import type { BoardSpec } from '../mesh/circuit.js';
import type { BoardOptions } from './common-options.js';
import { readCredentials, type ClientSecurityFlags } from './security-options.js';
import type { Session } from './session.js';

/**
 * Which board each node drives: `--board` given on the command line wins, then the node's (or the
 * circuit's) board in the circuit file, then the command's default. Nodes that end up naming the
 * same board share one connection to it (one process owns a serial port).
 */
export class BoardChoice {
  /** Bound: one per distinct --board of the run (the circuit's boards). */
  private readonly opened = new Map<string, Promise<Board>>();

  constructor(
    private readonly session: Session,
    private readonly flags: BoardOptions & ClientSecurityFlags,
    private readonly command: Command,
  ) {}

  open(spec: BoardSpec | undefined): Promise<Board> {
    const chosen = this.choose(spec);
    const key = JSON.stringify(chosen);
    let board = this.opened.get(key);
    if (!board) {
      board = this.options(chosen).then((options) => this.session.openBoard(chosen.kind, options));
      this.opened.set(key, board);
    }
    return board;
  }

  /**
   * A board node (ws://…) is given this process's token (--token-file, PINMESH_TOKEN), if it has
   * one: the person named that node on the command line or in the circuit. And the CA for wss://.
   */
  private async options(chosen: { kind: string; serialPort?: string }): Promise<OpenBoardOptions> {
    if (!isBoardUrl(chosen.kind)) return { serialPort: chosen.serialPort };
    const { token, ca } = await readCredentials(this.flags);
    const headers: Record<string, string> = token ? { Authorization: token.bearer() } : {};
    return { remote: { headers: () => headers, ...(ca !== undefined ? { ca } : {}) } };
  }

  private choose(spec: BoardSpec | undefined): { kind: string; serialPort?: string } {
    const fromFile = typeof spec === 'string' ? { kind: spec } : spec;
    const given = this.command.getOptionValueSource('board') === 'cli';
    const kind = given || !fromFile ? this.flags.board : fromFile.kind;
    const serialPort = this.flags.serialPort ?? (kind === fromFile?.kind ? fromFile.serialPort : undefined);
    return serialPort ? { kind, serialPort } : { kind };
  }
}
