import type { Board } from '../boards/board.js';
import { openBoard, type OpenBoardOptions } from '../boards/open-board.js';
import { errorMessage } from '../errors.js';
import { reportFailure } from './failure.js';
import { blameSketch } from '../runtime/sketch-error.js';
import { reportObservations } from '../report/observations.js';
import { EventReporter, type EventSink, type NodeEvent, type Reporter } from '../report/events.js';
import { LineWriter } from '../report/line-writer.js';
import { humanEventLine, jsonLine } from '../report/sinks.js';

type Closer = () => Promise<void> | void;

const signalExitCodes: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/**
 * One CLI command's lifetime: where its events go, what it opened, and how it ends. Whatever way
 * out is taken (done, error, SIGINT, SIGTERM, an uncaught error), everything opened is closed in
 * reverse order, so the board is closed last: its outputs driven LOW and its piezos silenced.
 */
export class Session {
  readonly reporter: Reporter;
  private readonly closers: Closer[] = [];
  private shutdown: Promise<void> | undefined;
  private readonly abort = new AbortController();
  private stopCode: number | undefined;

  /** Event lines to stdout: formatted and written off the hot path, flushed on every way out. */
  private readonly out: LineWriter<NodeEvent>;
  private readonly sinks: EventSink[];

  constructor(readonly json: boolean) {
    const out = new LineWriter<NodeEvent>({ format: json ? jsonLine : humanEventLine, gatherMs: 5 });
    this.out = out;
    this.sinks = [{ write: (entry) => out.write(entry), flush: () => out.flush() }];
    this.reporter = new EventReporter(this.sinks);
  }

  /** Sends every event from now on to `sink` as well (the live view's feed). */
  addSink(sink: EventSink): void {
    this.sinks.push(sink);
  }

  /** Aborted when the person asks the command to stop (SIGINT, SIGTERM). */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** Resolves when the person asks the command to stop: long-running nodes await it. */
  stopped(): Promise<void> {
    return new Promise((resolve) => {
      if (this.signal.aborted) resolve();
      else this.signal.addEventListener('abort', () => resolve(), { once: true });
    });
  }

  /** Registers something to close on the way out (closed last-registered first). */
  defer(closer: Closer): void {
    this.closers.push(closer);
  }

  /** Opens the board, reports its firmware identity and its comings and goings, closes it last. */
  async openBoard(kind: string, options: OpenBoardOptions = {}): Promise<Board> {
    const board = await openBoard(kind, options);
    this.defer(async () => {
      // The nodes are gone by now: what the fail-safe does to the pins is the board's to report.
      reportObservations(board, this.reporter, 'board');
      // A warning while closing says what was not made safe: "outputs driven LOW" would then be untrue.
      let warned = false;
      board.on('warning', () => (warned = true));
      await board.close();
      if (!warned) this.reporter.report('board', { event: 'closed', kind: board.kind });
    });
    board.on('offline', (reason) => this.reporter.report('board', { event: 'offline', reason }));
    board.on('warning', (warning) => this.reporter.report('board', { event: 'warning', warning }));
    board.on('online', (identity) => this.reporter.report('board', { event: 'online', ...identity }));
    if (board.connectHint) this.reporter.report('board', { event: 'connecting', kind: board.kind, port: board.port, hint: board.connectHint });
    const identity = await board.ready();
    this.reporter.report('board', { event: 'board', ...identity });
    return board;
  }

  /** Runs a command body and ends the process with its exit code, cleaning up on every path. */
  async run(body: (session: Session) => Promise<number | void>): Promise<void> {
    this.installExitHandlers();
    let code = 0;
    try {
      code = (await body(this)) ?? 0;
      if (this.stopCode !== undefined && code === 0) code = this.stopCode;
    } catch (error) {
      code = this.fail(error);
    }
    await this.close();
    await this.exit(code);
  }

  private fail(failure: unknown): number {
    const error = blameSketch(failure, 'while running') ?? failure;
    if (this.json) this.reporter.report('pinmesh', { event: 'error', scope: 'command', error: errorMessage(error) });
    return reportFailure(error);
  }

  private close(): Promise<void> {
    this.shutdown ??= (async () => {
      for (const closer of this.closers.reverse()) {
        try {
          await closer();
        } catch (error) {
          process.stderr.write(`pinmesh: while shutting down: ${errorMessage(error)}\n`);
        }
      }
    })();
    return this.shutdown;
  }

  /** The person (or the pipe) asked to stop: long-running bodies return, everything is closed. */
  private stop(signal: string, code: number): void {
    if (this.signal.aborted) return; // A second Ctrl-C while shutting down: keep shutting down.
    this.reporter.report('pinmesh', { event: 'stopping', signal });
    this.stopCode = code;
    this.abort.abort();
    // Anything still busy after a grace period is cut short, outputs made safe all the same.
    setTimeout(() => void this.close().then(() => this.exit(code)), 3_000).unref();
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
      crashed = true;
      const code = this.fail(error);
      void this.close().finally(() => this.exit(code));
    };
    process.on('uncaughtException', crash);
    process.on('unhandledRejection', crash);
  }

  /** Ends the process: every event line written so far goes out first, and dropped ones are counted. */
  private async exit(code: number): Promise<void> {
    await this.out.close();
    if (this.out.dropped > 0) {
      process.stderr.write(`pinmesh: ${this.out.dropped} event lines were dropped because stdout was read more slowly than they came\n`);
    }
    process.exit(code);
  }
}
