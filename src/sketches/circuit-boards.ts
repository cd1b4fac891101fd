import { checkBoardName } from '../boards/open-board.js';
import { UserError } from '../errors.js';
import { pathText, type BoardSpec, type Circuit } from '../mesh/circuit.js';

/**
 * The boards a node of the circuit names, the circuit's own and the node's, checked before any board
 * opens: a name pinmesh does not know or an address that is not one is refused naming the circuit and
 * the place, as its schema's mistakes are (`bad circuit file c.json: at board: unknown board "unoo"
 * (did you mean uno?): …`). `label` names the circuit (`circuit file c.json`, `circuit given in code`).
 */
export function checkNodeBoards(circuit: Circuit, name: string, label: string): void {
  checkBoard(circuit.board, ['board'], label);
  checkBoard(circuit.nodes[name]?.board, ['nodes', name, 'board'], label);
}

function checkBoard(spec: BoardSpec | undefined, path: string[], label: string): void {
  if (spec === undefined) return;
  const [kind, at] = typeof spec === 'string' ? [spec, path] : [spec.kind, [...path, 'kind']];
  try {
    checkBoardName(kind);
  } catch (error) {
    if (error instanceof UserError) throw new UserError(`bad ${label}: at ${pathText(at)}: ${error.message}`, error.exitCode);
    throw error;
  }
}
