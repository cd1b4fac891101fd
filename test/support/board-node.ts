import type { Board } from '../../src/boards/board.js';
import { serveBoard } from '../../src/board-node/board-server.js';
import { RemoteBoard, type RemoteBoardOptions } from '../../src/boards/remote/remote-board.js';
import { EventReporter, type NodeEvent, type Reporter } from '../../src/report/events.js';
import type { RunningNode } from '../../src/net/ws-server.js';
import type { NodeSecurity } from '../../src/security/node-security.js';

/** A board node (what `pinmesh board` runs) in this process, on a loopback port, with its events. */
export class TestBoardNode {
  readonly events: NodeEvent[] = [];
  private readonly waiters = new Set<{ match: (event: NodeEvent) => boolean; resolve: (event: NodeEvent) => void }>();
  readonly reporter: Reporter = new EventReporter([
    {
      write: (event) => {
        this.events.push(event);
        for (const waiter of this.waiters) if (waiter.match(event)) (this.waiters.delete(waiter), waiter.resolve(event));
      },
    },
  ]);
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

  /** The first event the node reported (or will report) that matches. */
  event(match: (event: NodeEvent) => boolean): Promise<NodeEvent> {
    const seen = this.events.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.add({ match, resolve }));
  }

  /** A client of this board node, as `--board ws://…` opens one. */
  client(options: Partial<RemoteBoardOptions> = {}): RemoteBoard {
    return new RemoteBoard({ url: this.url, reconnect: { minDelayMs: 20, maxDelayMs: 200 }, ...options });
  }
}
