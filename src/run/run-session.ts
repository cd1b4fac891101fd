import type { Board } from '../boards/board.js';
import { namedBoardKinds, openBoard, type OpenBoardOptions } from '../boards/open-board.js';
import { claimsOf } from '../boards/pin-claims.js';
import { errorMessage } from '../errors.js';
import { optionNames } from '../setting-names.js';
import { reportObservations } from '../runtime/observations.js';
import { EventReporter, type EventSink, type Reporter } from '../report/events.js';
import { wallClock, type Clock } from '../time/clock.js';
import type { RandomSource } from '../time/seeded-random.js';
import { stopOnSignals } from './signal-stop.js';

type Closer = () => Promise<void> | void;

export interface RunSessionOptions {
  /** Where the run's events go besides any sink added later (the live view's feed). */
  sinks?: EventSink[];
  /** Or: an existing reporter every event is also handed to. */
  reporter?: Reporter;
  /** Told of anything that failed while closing (by default it is reported as a `pinmesh` error event). */
  onCloseError?: (error: unknown) => void;
  /** The run's time: its sketches' delays, its clocks, the mock board's times. Default: the wall's. */
  clock?: Clock;
  /** Every random choice of the run (the iopin's bits): a seeded source repeats a run. Default: Math.random. */
  random?: RandomSource;
  /** How the boards it opens run, where a kind has a say (the simulated Uno unpaced, for a test in its time). */
  boards?: Pick<OpenBoardOptions, 'sim'>;
  /**
   * Once it has opened a board, Ctrl-C, SIGTERM or SIGHUP stops and closes the run (every output LOW)
   * before the program ends, unless the program listens for that signal itself (src/run/signal-stop.ts).
   * Default: true. The `pinmesh` command handles signals its own way.
   */
  stopOnSignals?: boolean;
}

/**
 * The lifetime of one run (a circuit, a node, a clock, a board node): where its events go, what it
 * opened, and how it stops. Whatever it opened is closed in reverse order by close(), so a board
 * is closed last: its outputs driven LOW and its piezos silenced. The CLI's Session is one of these
 * that also prints and exits; a program or a test uses it as it is.
 *
 * @example
 * const session = new RunSession({ sinks: [humanSink((line) => console.log(line))] });
 * const a = await serveNode({ session, name: 'buzzer', port: 0 });
 * const b = await serveNode({ session, name: 'iopin', port: 0 });
 * session.requestStop();
 * await session.close(); // both nodes, then their boards: every output LOW
 */
export class RunSession {
  readonly reporter: Reporter;
  readonly clock: Clock;
  readonly random: RandomSource;
  private readonly sinks: EventSink[];
  private readonly closers: Closer[] = [];
  private shutdown: Promise<void> | undefined;
  private readonly abort = new AbortController();
  private readonly onCloseError: (error: unknown) => void;
  private readonly boardOptions: Pick<OpenBoardOptions, 'sim'>;
  /** The boards that answered: the ones closing drives outputs LOW on, while they are online. */
  private readonly answeredBoards = new Set<Board>();
  /** The run's work in flight (its clocks' ticks): a signal's stop lets it end first, as stop() does. */
  private readonly works = new Set<Promise<unknown>>();
  /** Whether a signal stops the run once a board is open; and, once they are on, what takes its handlers off. */
  private readonly signalsStop: boolean;
  private signalHandlersOff: (() => void) | undefined;

  constructor(options: RunSessionOptions = {}) {
    const given = options.reporter;
    this.clock = options.clock ?? wallClock;
    this.random = options.random ?? Math.random;
    this.boardOptions = options.boards ?? {};
    this.signalsStop = options.stopOnSignals ?? true;
    this.sinks = [...(options.sinks ?? [])];
    const own = new EventReporter(this.sinks);
    this.reporter = given
      ? {
          report: (node, event) => {
            given.report(node, event);
            own.report(node, event);
          },
          flush: () => {
            given.flush?.();
            own.flush();
          },
        }
      : own;
    this.onCloseError =
      options.onCloseError ?? ((error) => this.reporter.report('pinmesh', { event: 'error', scope: 'command', error: `while shutting down: ${errorMessage(error)}` }));
  }

  /** Sends every event from now on to `sink` as well (the live view's feed). */
  addSink(sink: EventSink): void {
    this.sinks.push(sink);
  }

  /** Aborted once the run is asked to stop. */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** Resolves when the run is asked to stop: long-running nodes await it. */
  stopped(): Promise<void> {
    return new Promise((resolve) => {
      if (this.signal.aborted) resolve();
      else this.signal.addEventListener('abort', () => resolve(), { once: true });
    });
  }

  /** Asks the run to stop: clocks end after the tick on its way, waiting nodes return. Closing is close()'s. */
  requestStop(): void {
    this.abort.abort(new RunStopped());
  }

  /**
   * Throws RunStopped once the run is asked to stop: a run still starting (its sketch loading, its
   * board booting) goes no further. Nothing more is opened, no setup() runs, nothing listens.
   */
  throwIfStopped(): void {
    if (this.signal.aborted) throw new RunStopped();
  }

  /**
   * Whether closing will drive outputs LOW: a board answered and is there now. One whose cable was
   * pulled takes no writes (its closing line says its outputs could not be driven), and one still
   * connecting has driven none.
   */
  get drivesOutputsLow(): boolean {
    return [...this.answeredBoards].some((board) => board.online);
  }

  /** Counts `work` as the run's work in flight until it settles (see workSettled()). */
  trackWork(work: Promise<unknown>): void {
    const settled: Promise<unknown> = work.then(
      () => this.works.delete(settled),
      () => this.works.delete(settled),
    );
    this.works.add(settled);
  }

  /** Settles once the work in flight now (trackWork()) is over, however it ended. */
  async workSettled(): Promise<void> {
    await Promise.all(this.works);
  }

  /** Registers something to close on the way out (closed last-registered first). */
  defer(closer: Closer): void {
    this.closers.push(closer);
  }

  /** Opens a board, reports its firmware identity and its comings and goings, closes it last. */
  async openBoard(kind: string, options: OpenBoardOptions = {}): Promise<Board> {
    this.throwIfStopped();
    if (this.signalsStop) this.signalHandlersOff ??= stopOnSignals(this);
    const board = await openBoard(kind, { ...this.boardOptions, ...options });
    let answered = false;
    this.defer(async () => {
      // The nodes are gone by now: what the fail-safe does to the pins is the board's to report.
      reportObservations(board, this.reporter, 'board');
      // A warning while closing says what was not made safe: "outputs driven LOW" would then be untrue.
      let warned = false;
      board.on('warning', () => (warned = true));
      // An offline board (its cable pulled, the simulator gone) takes no writes: its close drives nothing.
      const reachable = board.online;
      await board.close();
      // A board that never answered had no outputs driven: "outputs driven LOW" would be untrue of it.
      if (!warned && answered) {
        const piezo = reachable && claimsOf(board).everUsedAs('piezo');
        this.reporter.report('board', { event: 'closed', kind: board.kind, outputs: reachable ? 'low' : 'unreachable', piezo });
      }
    });
    board.on('offline', (reason) => this.reporter.report('board', { event: 'offline', reason }));
    board.on('warning', (warning) => this.reporter.report('board', { event: 'warning', warning }));
    board.on('online', (identity) => this.reporter.report('board', { event: 'online', ...identity }));
    if (board.connectHint) this.reporter.report('board', { event: 'connecting', kind: board.kind, port: board.port, hint: board.connectHint });
    const identity = await board.ready();
    answered = true;
    this.answeredBoards.add(board);
    this.reporter.report('board', { event: 'board', ...identity });
    // Driven as an Uno while its firmware reports a Mega's pins: said once, with what to pass. Only a
    // named board can be (the simulators and the mock are not asked, and not held up by the import).
    if (identity.board !== undefined && identity.board !== identity.kind && namedBoardKinds.includes(identity.kind)) {
      const warning = (await import('../boards/other-board.js')).otherBoardWarning(identity, options.settingNames ?? optionNames);
      if (warning) this.reporter.report('board', { event: 'warning', warning, code: 'other-board' });
    }
    this.throwIfStopped();
    return board;
  }

  /** Closes everything opened, last first (the boards last: outputs LOW). Safe to call more than once. */
  close(): Promise<void> {
    this.shutdown ??= (async () => {
      for (const closer of this.closers.reverse()) {
        try {
          await closer();
        } catch (error) {
          this.onCloseError(error);
        }
      }
      // Closed: a signal from now on ends the program as Node's default does (a Ctrl-C while closing waited for it).
      this.signalHandlersOff?.();
    })();
    return this.shutdown;
  }
}

/** The run was asked to stop before it had started: what a start in progress throws (see RunSession.throwIfStopped). */
export class RunStopped extends Error {
  constructor() {
    super('the run was stopped before it had started');
    this.name = 'RunStopped';
  }
}
