import type { Board } from '../boards/board.js';
import { claimsOf } from '../boards/pin-claims.js';
import type { Reporter } from '../report/events.js';
import { reportObservations } from '../runtime/observations.js';

/** The boards whose own writes are being reported. */
const reporting = new WeakSet<Board>();

/**
 * A program's own writes through the boards a run hands it (NodeRun.board, CircuitRun.boards): what
 * the board observes on an output no node of the run uses is reported as the board's own `pin`,
 * `pwm` or `servo` event (`[ board ] pin 7 → HIGH`), as a node's writes are that node's. Returns
 * the unsubscribe. Inputs are not: they are read, not written.
 */
export function reportOwnWrites(board: Board, reporter: Reporter): () => void {
  // Once a board: the runs of one session share it (src/run/board-choice.ts), and a write is one event.
  if (reporting.has(board)) return () => undefined;
  reporting.add(board);
  const claims = claimsOf(board);
  const stop = reportObservations(board, reporter, 'board', (pin, kind) => kind !== 'input' && claims.modesOf(pin).length === 0);
  return () => {
    reporting.delete(board);
    stop();
  };
}
