import type { Board } from '../boards/board.js';
import type { BoardNodeUrl } from '../boards/open-board.js';
import { DEFAULT_BOARD_PORT } from '../boards/remote/protocol.js';
import { reportObservations } from '../runtime/observations.js';
import { assertSafeToListen, resolveSecurity } from '../security/node-security.js';
import { withPortAdvice } from './port-advice.js';
import { boardChoiceOf, namesOf, runOptionKeys, startRun, type RunHandle, type RunOptions } from './run-options.js';
import { everyKeyOf, refuseUnknownOptions } from '../unknown-option.js';

const NAME = 'board';

export interface BoardNodeOptions extends RunOptions {
  /** Where it listens: 127.0.0.1 and 8764 by default; `port: 0`: any free port. Beyond loopback it needs a token. */
  host?: string;
  port?: number;
}

/** A board served to other processes (they open it as `ws://HOST:PORT`). */
export interface BoardNodeRun extends RunHandle<void> {
  readonly board: Board;
  /** Its address, as other runs take it (`board: shared.url`). */
  readonly url: BoardNodeUrl;
  readonly host: string;
  readonly port: number;
}

/** What startBoardNode() takes: a misspelt option is refused, not served as the default. */
const boardNodeOptionKeys = [...runOptionKeys, ...everyKeyOf<Omit<BoardNodeOptions, keyof RunOptions>>()(['host', 'port'])];

/**
 * Owns a board (one process owns a serial port) and serves its pins to other pinmesh processes,
 * which drive it with `board: 'ws://HOST:PORT'`: what `pinmesh board` does. Secured like every
 * node; a client that goes away has its outputs made safe and its pins freed, and stop() makes
 * every output safe. Resolves once it listens; runs until stop().
 *
 * @example
 * import { startBoardNode, serveNode } from 'pinmesh';
 * const shared = await startBoardNode({ board: 'sim', port: 0 });
 * const iopin = await serveNode({ name: 'iopin', port: 0, board: shared.url });
 */
export async function startBoardNode(options: BoardNodeOptions = {}): Promise<BoardNodeRun> {
  refuseUnknownOptions('startBoardNode()', options, boardNodeOptionKeys);
  const host = options.host ?? '127.0.0.1';
  return startRun(
    options,
    async (session) => {
      // Refused before the board is opened: a real Uno is not reset for a node that will not start.
      assertSafeToListen(NAME, host, resolveSecurity(options.security ?? {}), namesOf(options));
      const board = await boardChoiceOf(session, options).open(undefined);
      // What happens on the pins, whoever drives them, is said here; the fail-safe's own, by the session.
      session.defer(reportObservations(board, session.reporter, NAME));
      const { serveBoard } = await import('../board-node/board-server.js');
      const port = options.port ?? DEFAULT_BOARD_PORT;
      const node = await withPortAdvice(NAME, options.portAdvice, namesOf(options), () => serveBoard(board, { name: NAME, host, port, reporter: session.reporter, security: options.security }));
      session.defer(() => node.close());
      session.reporter.report(NAME, { event: 'listening', host: node.host, port: node.port, url: node.url });
      return { board, url: node.url as BoardNodeUrl, host: node.host, port: node.port };
    },
    (_, session) => session.stopped(),
  );
}
