import { BoardOfflineError } from '../boards/board.js';
import { UserError, errorMessage } from '../errors.js';
import { SketchError, blameSketch, describedError, hasPinmeshFrame, loadedSketchFiles } from '../runtime/sketch-error.js';

/**
 * What to tell the person of a failure on stderr, and the exit code. Their mistakes (UserError) are
 * one line of advice; anything else is a bug, with the stack behind PINMESH_DEBUG.
 */
export function describeFailure(failure: unknown): { text: string; code: number } {
  // An error thrown from the person's own sketch file is theirs to fix, named with its line.
  const error = blameSketch(failure, 'while running') ?? failure;
  const message = errorMessage(error);
  if (error instanceof UserError || error instanceof BoardOfflineError) {
    const stack = error instanceof SketchError && process.env.PINMESH_DEBUG ? `${(error.cause as Error).stack}\n` : '';
    return { text: `pinmesh: ${message}\n${stack}`, code: error instanceof UserError ? error.exitCode : 1 };
  }
  const more =
    process.env.PINMESH_DEBUG && error instanceof Error
      ? `${error.stack}\n`
      : `pinmesh: ${sketchMayHaveStarted(error) ?? 'this is a bug in pinmesh; run again with PINMESH_DEBUG=1 for details and report it'}\n`;
  return { text: `pinmesh: unexpected error: ${describedError(error)}\n${more}`, code: 1 };
}

/**
 * For an error no line of pinmesh raised (Node's or a package's, its stack holding no frame of the
 * sketch's either), while a person's sketch ran: it may be work the sketch started that nothing
 * awaited (a timer's `fetch()` that failed), or pinmesh's. Said as both, not as a bug of pinmesh's.
 */
function sketchMayHaveStarted(error: unknown): string | undefined {
  const sketches = loadedSketchFiles();
  if (!(error instanceof Error) || sketches.length === 0 || hasPinmeshFrame(error)) return undefined;
  return `no line of pinmesh's raised it, and your sketch ${sketches.join(', ')} was running: if the sketch started it (a timer, a promise nothing awaits), catch it there; if not, run again with PINMESH_DEBUG=1 for details and report it`;
}

/** Tells the person what went wrong, on stderr at once (no event lines to wait for), and returns the exit code. */
export function reportFailure(failure: unknown): number {
  const { text, code } = describeFailure(failure);
  process.stderr.write(text);
  return code;
}
