import type { Board } from '../../src/boards/board.js';
import { serveBoard } from '../../src/boards/remote/board-server.js';
import { RemoteBoard, type RemoteBoardOptions } from '../../src/boards/remote/remote-board.js';
import { EventReporter, type Reporter } from '../../src/report/events.js';
import { memorySink } from '../../src/report/sinks.js';
import type { RunningNode } from '../../src/runtime/node-server.js';
import type { NodeSecurity } from '../../src/security/node-security.js';

/** A board node (what `pinmesh board` runs) in this process, on a loopback port, with its events. */
export class TestBoardNode {
  readonly sink = memorySink();
  readonly reporter: Reporter = new EventReporter([this.sink]);
  private node: RunningNode | undefined;
  private stopping: Promise<void> | undefined;
  port = 0;

  constructor(
    readonly board: Board,
    private readonly security?: NodeSecurity,
  ) {}

  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Serves the board; again on the same port after stop() (the board node coming back). */
  async start(): Promise<this> {
    await this.stopping;
    this.node = await serveBoard(this.board, { host: '127.0.0.1', port: this.port, reporter: this.reporter, security: this.security });
    this.port = this.node.port;
    return this;
  }

  /** The board node goes away (its clients' links drop); the board stays as it is. */
  stop(): Promise<void> {
    this.stopping = this.node?.close();
    this.node = undefined;
    return this.stopping ?? Promise.resolve();
  }

  /** A client of this board node, as `--board ws://…` opens one. */
  client(options: Partial<RemoteBoardOptions> = {}): RemoteBoard {
    return new RemoteBoard({ url: this.url, reconnect: { minDelayMs: 20, maxDelayMs: 200 }, ...options });
  }
}
