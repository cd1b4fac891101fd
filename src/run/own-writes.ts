import type { Board } from '../boards/board.js';
import { claimsOf } from '../boards/pin-claims.js';
import type { Reporter } from '../report/events.js';
import { reportObservations } from '../runtime/observations.js';

/**
 * A program's own writes through the boards a run hands it (NodeRun.board, CircuitRun.boards): what
 * the board observes on an output no node of the run uses is reported as the board's own `pin`,
 * `pwm` or `servo` event (`[ board ] pin 7 → HIGH`), as a node's writes are that node's. Returns
 * the unsubscribe. Inputs are not: they are read, not written.
 */
export function reportOwnWrites(board: Board, reporter: Reporter): () => void {
  const claims = claimsOf(board);
  return reportObservations(board, reporter, 'board', (pin, kind) => kind !== 'input' && claims.modesOf(pin).length === 0);
}
