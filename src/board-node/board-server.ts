import type { Reporter } from '../report/events.js';
import { serveClients, type RunningNode } from '../net/ws-server.js';
import type { NodeSecurity } from '../security/node-security.js';
import type { Board } from '../boards/board.js';
import { BoardHub } from './board-hub.js';
import { serveBoardClient } from './served-client.js';

export { DEFAULT_BOARD_PORT } from '../boards/remote/protocol.js';

export interface BoardServerOptions {
  /** The node's name in events and messages. Default "board". */
  name?: string;
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  reporter: Reporter;
  /** Origin policy, token, TLS and limits, as for every node. */
  security?: NodeSecurity;
}

/**
 * Serves a board the process owns to other pinmesh processes (their `--board ws://…`), on the
 * node runtime: loopback by default, a token beyond it, the Origin policy, TLS, the limits. The
 * protocol is in protocol.ts. Closing it closes every client; the board itself stays open for its
 * owner to close (its close() is the fail-safe for every pin).
 */
export async function serveBoard(board: Board, options: BoardServerOptions): Promise<RunningNode> {
  const name = options.name ?? 'board';
  const identity = await board.ready();
  const hub = new BoardHub(board, identity, options.reporter, name);
  const node = await serveClients(name, { host: options.host, port: options.port, reporter: options.reporter, security: options.security }, (socket, context) =>
    serveBoardClient(socket, { hub, ...context }),
  ).catch((error: unknown) => {
    hub.stop();
    throw error;
  });
  return {
    ...node,
    close: async () => {
      hub.stop();
      await node.close();
    },
  };
}
