import { UserError } from '../errors.js';
import { closestName, didYouMean } from '../did-you-mean.js';

/** What testSketch and testCircuit take, besides what every bench takes. */
const benchKeys = ['board', 'seed', 'sinks', 'record'] as const;
export const sketchBenchKeys: readonly string[] = [...benchKeys, 'options', 'name'];
export const circuitBenchKeys: readonly string[] = [...benchKeys, 'circuit', 'ticks', 'delay'];

/** The boards a bench runs on. */
const benchBoards = ['mock', 'sim'] as const;

/**
 * Refuses a key `call` does not take (`{ seeed: 3 }`, `{ option: { pin: 13 } }`: silently dropped,
 * they left the test testing something else) and a board it does not run on, each with the likely one.
 */
export function checkBenchOptions(call: string, options: object, keys: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!keys.includes(key)) throw new UserError(`${call}: unknown option "${key}"${didYouMean(key, keys)} (it takes ${keys.join(', ')})`);
  }
  const { board } = options as { board?: unknown };
  if (board !== undefined && !(benchBoards as readonly unknown[]).includes(board)) {
    const meant = typeof board === 'string' ? closestName(board, benchBoards) : undefined;
    throw new UserError(`${call}: board ${JSON.stringify(board)}${meant === undefined ? '' : `: did you mean "${meant}"?`} pinmesh/testing runs on the mock board ("mock") or the simulated Uno ("sim")`);
  }
}
