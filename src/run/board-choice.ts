import type { Board } from '../boards/board.js';
import { boardKindNamed, isBoardUrl, namedBoardKinds, type OpenBoardOptions } from '../boards/open-board.js';
import { UserError } from '../errors.js';
import type { BoardSpec } from '../mesh/circuit.js';
import { boardCredentials } from '../security/board-token.js';
import type { Credentials } from '../security/peer-credentials.js';
import type { RunSession } from './run-session.js';
import { optionNames, type SettingNames } from '../setting-names.js';

/** Which board a run drives when its nodes do not say otherwise, and whether the caller insists. */
export interface BoardRequest {
  /** A board kind (mock, sim, sim-mega, uno, nano, mega), a board node's ws://HOST:PORT, or a Firmata board's tcp://HOST:PORT. */
  board: string;
  /** A real Uno's, Nano's or Mega's serial port (found by USB identity when absent). */
  serialPort?: string;
  /** The caller named `board` explicitly (the CLI: --board was given): it wins over the circuit file's. */
  boardGiven?: boolean;
  /** What a board node (ws://…) is shown: this process's token and the CA for wss://. Read when first needed. */
  credentials?: () => Promise<Credentials> | Credentials;
  /** How the person gives the settings a board's advice names (the serial port, the board; default: the command's flags). */
  names?: SettingNames;
}

/** The boards each session's runs have opened, by what was chosen: bound by the distinct boards of its runs. */
const sessionBoards = new WeakMap<RunSession, Map<string, Promise<Board>>>();
/** The boards opened through a board node (ws://…): other processes drive them too. */
const servedBoards = new WeakSet<Board>();

function boardsOf(session: RunSession): Map<string, Promise<Board>> {
  let boards = sessionBoards.get(session);
  if (!boards) sessionBoards.set(session, (boards = new Map()));
  return boards;
}

/**
 * Which board each node drives: a board the caller insists on wins, then the node's (or the
 * circuit's) board in the circuit file, then the caller's default. Nodes that end up naming the
 * same board share one connection to it (one process owns a serial port), within a run and among
 * the runs of one session (serveNode after serveNode on the same Uno).
 */
export class BoardChoice {
  constructor(
    private readonly session: RunSession,
    private readonly request: BoardRequest,
  ) {}

  open(spec: BoardSpec | undefined): Promise<Board> {
    const chosen = this.choose(spec);
    const key = JSON.stringify(chosen);
    const opened = boardsOf(this.session);
    let board = opened.get(key);
    if (!board) {
      board = this.options(chosen).then(async (options) => {
        const board = await this.session.openBoard(chosen.kind, options);
        if (isBoardUrl(chosen.kind)) servedBoards.add(board);
        return board;
      });
      // A board that did not open is tried again by the next run that wants it.
      board.catch(() => opened.delete(key));
      opened.set(key, board);
    }
    return board;
  }

  /**
   * A serial port the caller gave that none of the run's boards takes (each node's is the mock, the
   * simulator or one on the network, as the circuit file says): refused before anything opens, not
   * left unused while the person waits for their Uno to move. `boards`: each served node's board.
   */
  assertSerialPortTaken(boards: ReadonlyArray<{ node: string; spec: BoardSpec | undefined }>): void {
    const { serialPort } = this.request;
    if (serialPort === undefined || boards.length === 0) return;
    const chosen = boards.map(({ node, spec }) => ({ node, kind: this.choose(spec).kind }));
    if (chosen.some(({ kind }) => namedBoardKinds.includes(kind))) return;
    const names = this.request.names ?? optionNames;
    const which = [...new Set(chosen.map(({ kind }) => kind))].map((kind) => `${chosen.filter((c) => c.kind === kind).map((c) => c.node).join(' and ')} on ${kind}`).join(', ');
    throw new UserError(
      `${names.serialPort(serialPort)} is for a board on a serial port (uno, nano or mega), and no node of this run drives one (${which}): ` +
        `leave it out, or pass ${names.board('uno')} as well to drive every node's board on that port`,
    );
  }

  /** Whether `board` is a board node's, whose other clients' writes this process sees too. */
  drivenElsewhere(board: Board): boolean {
    return servedBoards.has(board);
  }

  /**
   * A board node (ws://…) is given the CA for wss://, and this process's token only when the
   * person named it (src/security/board-token.ts): a board address from a circuit file is not.
   */
  private async options(chosen: { kind: string; serialPort?: string }): Promise<OpenBoardOptions> {
    const { names } = this.request;
    if (!isBoardUrl(chosen.kind)) return { serialPort: chosen.serialPort, clock: this.session.clock, ...(names && { settingNames: names }) };
    const credentials = (await this.request.credentials?.()) ?? {};
    const source = chosen.kind === this.request.board ? 'named' : 'circuit-file';
    const { headers, withheldAdvice } = boardCredentials(chosen.kind, source, credentials, names);
    const { ca } = credentials;
    return {
      ...(names && { settingNames: names }),
      remote: { headers: () => headers, ...(ca !== undefined ? { ca } : {}), ...(withheldAdvice !== undefined ? { withheldAdvice } : {}), ...(names && { settingNames: names }) },
    };
  }

  private choose(spec: BoardSpec | undefined): { kind: string; serialPort?: string } {
    const named = typeof spec === 'string' ? { kind: spec } : spec;
    // The file's board named as --board names one (`"Uno"` is the uno), so nodes naming it in any case share it.
    const fromFile = named && { ...named, kind: boardKindNamed(named.kind) ?? named.kind };
    const kind = this.request.boardGiven || !fromFile ? this.request.board : fromFile.kind;
    const serialPort = this.request.serialPort ?? (kind === fromFile?.kind ? fromFile.serialPort : undefined);
    return serialPort ? { kind, serialPort } : { kind };
  }
}
