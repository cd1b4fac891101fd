import { BoardOfflineError } from '../boards/board.js';
import { UserError, errorMessage } from '../errors.js';
import { SketchError, blameSketch } from '../runtime/sketch-error.js';

/**
 * Tells the person what went wrong, on stderr, and returns the exit code. Their mistakes
 * (UserError) are one line of advice; anything else is a bug, with the stack behind PINMESH_DEBUG.
 */
export function reportFailure(failure: unknown): number {
  // An error thrown from the person's own sketch file is theirs to fix, named with its line.
  const error = blameSketch(failure, 'while running') ?? failure;
  const message = errorMessage(error);
  if (error instanceof UserError || error instanceof BoardOfflineError) {
    process.stderr.write(`pinmesh: ${message}\n`);
    if (error instanceof SketchError && process.env.PINMESH_DEBUG) process.stderr.write(`${(error.cause as Error).stack}\n`);
    return error instanceof UserError ? error.exitCode : 1;
  }
  process.stderr.write(`pinmesh: unexpected error: ${message}\n`);
  if (process.env.PINMESH_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  else process.stderr.write('pinmesh: this is a bug in pinmesh; run again with PINMESH_DEBUG=1 for details and report it\n');
  return 1;
}
