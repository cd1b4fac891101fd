/**
 * While `pinmesh test` runs its scenarios, an error nothing caught (an unhandled rejection, an
 * uncaught exception: a sketch's background loop that wrote a duty of 256) goes to the scenario
 * whose sketch raised it (src/testing/sketch-crashes.ts): that scenario fails with the sketch's file
 * and line, as `pinmesh run` says it, and the others still run. Any other error ends the command as
 * any command's crash does: one line on stderr (describeFailure), exit 1.
 *
 * Once the scenarios have ended, work a sketch left running (a `setTimeout`, on the wall's clock)
 * may still fail: writing to its board, closed by then. That is said in one line, with what to use
 * instead, as `pinmesh run` takes a write cut off by its stop: the results stand.
 */
import { blameSketch } from '../runtime/sketch-error.js';
import { claimSketchCrash } from '../testing/sketch-crashes.js';
import { reportFailure } from './failure.js';
import { writeStderr } from './stderr-lines.js';

/** Listens until the process ends; the returned function says the scenarios have ended. */
export function crashesToScenarios(): () => void {
  let ended = false;
  const crash = (error: unknown) => {
    if (!ended && claimSketchCrash(error)) return;
    const late = ended ? blameSketch(error, 'after its scenario had ended') : undefined;
    if (late) {
      void writeStderr(
        `pinmesh test: warning: ${late.message}. Work a sketch leaves running (a setTimeout) runs on the wall's clock, past the scenario's time: wait with this.delay(ms), which runs in it\n`,
      );
      return;
    }
    process.exit(reportFailure(error));
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  return () => {
    ended = true;
  };
}
