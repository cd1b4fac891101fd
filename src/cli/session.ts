import { BoardOfflineError } from '../boards/board.js';
import { errorMessage } from '../errors.js';
import { describeFailure } from './failure.js';
import { SketchError, blameSketch } from '../runtime/sketch-error.js';
import { SketchSyntaxError } from '../runtime/sketch-syntax.js';
import type { NodeEvent } from '../report/events.js';
import { LineWriter } from '../report/line-writer.js';
import { humanEventLine, jsonLine } from '../report/sinks.js';
import { RunSession } from '../run/run-session.js';
import { seededRandom } from '../time/seeded-random.js';
import { stderrAmong, stderrWritten, writeStderr } from './stderr-lines.js';

const signalExitCodes: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
/** How long a failure waits for a signal sent with its cause (the same Ctrl-C) before it is reported as one. */
const STOP_ON_ITS_WAY_MS = 50;

/**
 * One CLI command's lifetime: a run's session (src/run/run-session.ts) that prints its events and
 * ends the process. Whatever way out is taken (done, error, SIGINT, SIGTERM, an uncaught error),
 * everything opened is closed in reverse order, so the board is closed last: its outputs driven
 * LOW and its piezos silenced.
 */
export class Session extends RunSession {
  private stopCode: number | undefined;
  private exiting: Promise<void> | undefined;
  /** The stop's grace period ran out: what was still busy was cut short. */
  private cutShort = false;

  /** Event lines to stdout: formatted and written off the hot path, flushed on every way out. */
  private readonly out: LineWriter<NodeEvent>;
  /** Something failed while closing (a recording left incomplete): a run that did its work still fails. */
  private readonly closing: { failed: boolean };

  constructor(
    readonly json: boolean,
    options: { seed?: number | undefined } = {},
  ) {
    // Under a steady flow, lines leave every 50 ms: each write(2) goes through the thread pool and
    // wakes the reader, which on a busy machine take the CPU a tick's frames wait for (tick → ack
    // p50 about 0.1 ms lower than with 5 ms). A line after a quiet spell leaves at once.
    const out = new LineWriter<NodeEvent>({ format: json ? jsonLine : humanEventLine, gatherMs: 50 });
    const shutdown = { failed: false };
    super({
      ...(options.seed !== undefined && { random: seededRandom(options.seed) }),
      stopOnSignals: false, // its own handlers say 'stopping', give a grace period and exit with the signal's code
      sinks: [{ write: (entry) => out.write(entry), flush: () => out.flush() }],
      onCloseError: (error) => {
        shutdown.failed = true;
        void writeStderr(`pinmesh: while shutting down: ${errorMessage(error)}\n`);
      },
    });
    this.out = out;
    this.closing = shutdown;
    // An error or a warning on stderr shows after the event lines reported before it, as it happened.
    stderrAmong(out);
  }

  /** Runs a command body and ends the process with its exit code, cleaning up on every path. */
  async run(body: (session: Session) => Promise<number | void>): Promise<void> {
    this.installExitHandlers();
    let code = 0;
    try {
      code = (await body(this)) ?? 0;
      // Asked to stop: the signal's code, unless it ended by itself having failed (a tick that failed
      // before the stop: 1). A run the grace period cut short did not end by itself.
      if (this.stopCode !== undefined && (code === 0 || this.cutShort)) code = this.stopCode;
    } catch (error) {
      // A start cut short by Ctrl-C (RunStopped), or failing of it: a terminal's Ctrl-C reaches the
      // whole process group, so a helper the start relies on (tsx's esbuild, loading a TypeScript
      // sketch) can die of it before this process has heard it. The stop is what happened.
      if (this.stopCode === undefined) await new Promise((resolve) => setTimeout(resolve, STOP_ON_ITS_WAY_MS));
      code = this.stopCode ?? this.fail(error);
    }
    await this.close();
    await this.exit(code === 0 && this.closing.failed ? 1 : code);
  }

  private fail(failure: unknown): number {
    const error = blameSketch(failure, 'while running') ?? failure;
    if (this.json) {
      // A sketch's own mistake (in setup(), or in the work it left running) is its node's, with where in its file, as a loop() error is.
      const sketch = error instanceof SketchError ? error : undefined;
      // A sketch (or a file it imports) that does not parse: where, the same way.
      const at = sketch?.at ?? (error instanceof SketchSyntaxError ? error.at : undefined);
      this.reporter.report(sketch?.node ?? 'pinmesh', { event: 'error', scope: 'command', error: errorMessage(error), ...(at !== undefined && { at }) });
    }
    const { text, code } = describeFailure(error);
    void writeStderr(text);
    return code;
  }

  /** The person (or the pipe) asked to stop: long-running bodies return, everything is closed. */
  private stop(signal: string, code: number): void {
    if (this.signal.aborted) return; // A second Ctrl-C while shutting down: keep shutting down.
    this.reporter.report('pinmesh', { event: 'stopping', signal, outputs: this.drivesOutputsLow });
    this.stopCode = code;
    this.requestStop();
    // Anything still busy after a grace period is cut short, outputs made safe all the same.
    setTimeout(() => {
      this.cutShort = true;
      void this.close().then(() => this.exit(code));
    }, 3_000).unref();
  }
  private installExitHandlers(): void {
    for (const signal of Object.keys(signalExitCodes) as NodeJS.Signals[]) {
      process.on(signal, () => this.stop(signal, signalExitCodes[signal]!));
    }
    // `pinmesh circuit --json | head -3`: the reader went away. Stop as for a signal, quietly.
    this.out.onBrokenPipe = () => this.stop('SIGPIPE', 141);
    process.stdout.on('error', () => this.stop('SIGPIPE', 141));
    let crashed = false;
    const crash = (error: unknown) => {
      if (crashed) return; // Already making the outputs safe; the exit follows.
      // A sketch's own background work cut off by the stop (a write to the board being closed, left
      // unawaited): the stop is what happened, and its way out goes on.
      if (this.signal.aborted && error instanceof BoardOfflineError) return;
      crashed = true;
      const code = this.fail(error);
      void this.close().finally(() => this.exit(code));
    };
    process.on('uncaughtException', crash);
    process.on('unhandledRejection', crash);
  }

  /**
   * Ends the process: every event line and stderr line written so far goes out first, and dropped ones are counted.
   * Once: the ways out that meet (a stop's grace period running out as the command returns) share
   * the first one's exit, rather than a second one ending the process before the lines are out.
   */
  private exit(code: number): Promise<void> {
    this.exiting ??= (async () => {
      await stderrWritten();
      await this.out.close();
      if (this.out.dropped > 0) {
        process.stderr.write(`pinmesh: ${this.out.dropped} event lines were dropped because stdout was read more slowly than they came\n`);
      }
      process.exit(code);
    })();
    return this.exiting;
  }
}
