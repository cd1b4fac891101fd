/**
 * While `pinmesh test` runs its scenarios, an error nothing caught (an unhandled rejection, an
 * uncaught exception: a sketch's background loop that wrote a duty of 256) goes to the scenario
 * whose sketch raised it (src/testing/sketch-crashes.ts): that scenario fails with the sketch's file
 * and line, as `pinmesh run` says it, and the others still run. Any other error ends the command as
 * any command's crash does: one line on stderr (describeFailure), exit 1.
 */
import { claimSketchCrash } from '../testing/sketch-crashes.js';
import { reportFailure } from './failure.js';

/** Listens until the returned function is called. */
export function crashesToScenarios(): () => void {
  const crash = (error: unknown) => {
    if (!claimSketchCrash(error)) process.exit(reportFailure(error));
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  return () => {
    process.off('uncaughtException', crash);
    process.off('unhandledRejection', crash);
  };
}
