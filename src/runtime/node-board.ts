import type { Board, BoardEvents, BoardIdentity, DigitalOutput, Piezo } from '../boards/board.js';
import type { Reporter } from '../report/events.js';
import { reportObservations } from '../report/observations.js';

/**
 * One node's view of a (possibly shared) board: the pins the node's sketch claims are reported as
 * that node's `pin` and `buzz` events, from what the board observed (on the MCU where it can).
 * Sketches, built-in or the user's, get truthful pin output without reporting anything themselves.
 */
export class NodeBoard implements Board {
  private readonly pins = new Set<number>();
  private readonly stopReporting: () => void;

  constructor(
    private readonly board: Board,
    node: string,
    reporter: Reporter,
  ) {
    this.stopReporting = reportObservations(board, reporter, node, (pin) => this.pins.has(pin));
  }

  get kind(): string {
    return this.board.kind;
  }

  get online(): boolean {
    return this.board.online;
  }

  ready(): Promise<BoardIdentity> {
    return this.board.ready();
  }

  digitalOutput(pin: number): DigitalOutput {
    this.pins.add(pin);
    return this.board.digitalOutput(pin);
  }

  piezo(pin: number): Piezo {
    this.pins.add(pin);
    return this.board.piezo(pin);
  }

  /** The node is done with the board: it stops reporting. The board itself is closed by its owner. */
  async close(): Promise<void> {
    this.stopReporting();
  }

  on<E extends keyof BoardEvents>(event: E, listener: (...args: BoardEvents[E]) => void): this {
    this.board.on(event, listener);
    return this;
  }

  off<E extends keyof BoardEvents>(event: E, listener: (...args: BoardEvents[E]) => void): this {
    this.board.off(event, listener);
    return this;
  }
}
