/**
 * A person's mistake in a call that starts a bench (a bad option, a sketch file that is not there)
 * rejects with its message and the line of their own file that made the call, nothing else: the
 * frames below testSketch() and testCircuit() are pinmesh's bundled chunks, which tell the person
 * nothing (`at checkedOptions (file:///…/dist/lib/chunk-AU3EOCVR.js:1792:9)`). Any other error (a
 * bug) keeps its stack.
 */
import { UserError } from '../errors.js';
import type { BenchOrigin } from './bench-origin.js';

/** `error`, its stack cut to its message and the caller's line when it is the person's mistake. */
export function callersMistake(error: unknown, { stack }: BenchOrigin): unknown {
  if (!(error instanceof UserError)) return error;
  const caller = stack?.split('\n')[0];
  error.stack = `${error.name}: ${error.message}${caller === undefined ? '' : `\n${caller}`}`;
  // The command line's exit code, which a test runner would print after the message: `{ exitCode: 1 }`.
  Object.defineProperty(error, 'exitCode', { enumerable: false });
  return error;
}
