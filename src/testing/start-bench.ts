/**
 * Starting what a test tests, in this process and on the library API (src/run/): one sketch
 * (testSketch), or a circuit (testCircuit: a circuit file, an object, or the article's), on the
 * mock board in virtual time, or on the simulated Uno unpaced in the MCU's time. The run's session
 * owns the clock (a VirtualClock, or a FollowedClock following the MCU) and the seeded random
 * source; a RunHooks records every board the run opens in the bench's PinHistory from its first
 * write.
 */
import { basename, extname, resolve } from 'node:path';
import type { Circuit } from '../mesh/circuit.js';
import { memorySink } from '../report/sinks.js';
import type { EventSink } from '../report/events.js';
import { RunSession } from '../run/run-session.js';
import { serveNode } from '../run/serve-node.js';
import { startCircuit } from '../run/start-circuit.js';
import { loadSketchFile } from '../runtime/sketch-file.js';
import type { SketchClass } from '../runtime/sketch.js';
import { fileSketch } from '../sketches/node-plan.js';
import { builtInSketch, type SketchEntry } from '../sketches/registry.js';
import { randomSource } from '../time/seeded-random.js';
import { VirtualClock } from '../time/virtual-clock.js';
import { PinHistory } from './pin-history.js';
import type { Board } from '../boards/board.js';
import { simulatedUnoOf } from '../boards/sim/uno-of-board.js';
import { unoPwmFrequency } from '../boards/uno-pins.js';
import { FollowedClock } from '../time/followed-clock.js';
import { startRecording } from '../record/recording.js';
import { BenchCrash } from './bench-crash.js';
import { watchSketchCrashes } from './sketch-crashes.js';
import { TestBench } from './test-bench.js';
import { stopWithItsFile } from './stop-with-its-file.js';
import { benchOrigin, type BenchOrigin } from './bench-origin.js';
import { callersMistake } from './callers-mistake.js';
import { warnOfNeverRead, warnOfUnsetChecks, warnOfStart } from './bench-warnings.js';
import { checkBenchOptions, circuitBenchKeys, sketchBenchKeys } from './bench-options.js';
import { durationMs } from './durations.js';
import type { BenchParts, Duration } from './test-bench.js';
import { UserError, errorMessage } from '../errors.js';

export interface BenchOptions {
  /**
   * The board: 'mock' (the default; virtual time), or 'sim', the simulated Uno running the real
   * StandardFirmata unpaced (as fast as the host allows), the run's time being the MCU's.
   */
  board?: 'mock' | 'sim';
  /** Makes every random choice repeatable (the iopin's bits): the same seed, the same pin history. */
  seed?: number;
  /** Where the run's events go besides `bench.events` (e.g. humanSink(console.log) while debugging). */
  sinks?: EventSink[];
  /**
   * Records the run into this file from the board's first write (see startRecording): FILE.vcd the
   * first board's pins, on the run's time (the MCU's own edges and times on the simulated Uno, the
   * virtual time on the mock), with no `$date`, so two runs compare byte for byte; FILE.jsonl every
   * event. Complete once `bench.stop()` resolved.
   */
  record?: string;
}

export interface SketchBenchOptions extends BenchOptions {
  /** Options for its setup(). */
  options?: Record<string, unknown>;
  /** The node's name (default: the file's name, or the built-in's). */
  name?: string;
}

export interface CircuitBenchOptions extends BenchOptions {
  /** A circuit file's path, a circuit object, or 'article' (the default: the article's iopin, buzzer and clock). */
  circuit?: Circuit | string;
  /** The timed clocks' number of ticks (0: until stopped). */
  ticks?: number;
  /** The time between the timed clocks' ticks, as every duration of pinmesh/testing: '2s', '500ms', or a number of ms. */
  delay?: Duration;
}

/**
 * Starts a sketch under test: a sketch file's path (.ts, .js…), a built-in's name ('iopin',
 * 'buzzer'), or a Sketch class. Resolves once it listens; what the run warned of meanwhile (options
 * its sketch takes unchecked) is a process warning (bench-warnings.ts).
 *
 * @example
 * import { testSketch } from 'pinmesh/testing';
 * const bench = await testSketch('examples/blink.ts');
 * assert.equal(await bench.send('/desk', 'on'), 'led on (asked on /desk)');
 * assert.equal(bench.level(13), 1);
 * await bench.stop();
 */
export function testSketch(sketch: string | SketchClass<any>, options: SketchBenchOptions = {}): Promise<TestBench> {
  const origin = benchOrigin(testSketch);
  const starting = startSketchBench(sketch, options, origin).catch((error: unknown) => Promise.reject(callersMistake(error, origin)));
  // Held from this call, awaited or not (stop-with-its-file.ts).
  return stopWithItsFile(starting, `the bench of ${typeof sketch === 'string' ? sketch : sketch.name || 'a sketch'}`, origin);
}

/**
 * Starts a circuit under test, every node on a port the OS picks, its clocks ticking (on the
 * run's virtual time: let it pass with `bench.delay()` or `bench.until(bench.done)`).
 *
 * @example
 * const bench = await testCircuit({ seed: 7, ticks: 3 }); // the article's circuit
 * await bench.until(bench.done);
 * assert.ok(bench.tones(3).length > 0);
 */
export function testCircuit(options: CircuitBenchOptions = {}): Promise<TestBench> {
  const origin = benchOrigin(testCircuit);
  const circuit = options.circuit ?? 'article';
  const starting = startCircuitBench(options, origin).catch((error: unknown) => Promise.reject(callersMistake(error, origin)));
  // Held from this call, awaited or not (stop-with-its-file.ts).
  return stopWithItsFile(starting, `the bench of the circuit ${typeof circuit === 'string' ? circuit : 'given as an object'}`, origin);
}

/**
 * testSketch, for a caller that stops the bench itself (a scenario): never tied to a node:test test.
 * Given the test's call (`origin`), the bench warns there of what it would otherwise keep to itself
 * (bench-warnings.ts); a scenario says it under its own line.
 */
export async function startSketchBench(sketch: string | SketchClass<any>, options: SketchBenchOptions = {}, origin?: BenchOrigin): Promise<TestBench> {
  checkBenchOptions('testSketch', options, sketchBenchKeys);
  const entry = await entryOf(sketch);
  const name = options.name ?? (typeof sketch === 'string' ? basename(sketch, extname(sketch)) : sketch.name || 'sketch');
  const parts = benchParts(options, typeof sketch === 'string' && extname(sketch) !== '' ? resolve(sketch) : undefined);
  const run = await started(parts, () =>
    serveNode({
      session: parts.session,
      hooks: parts.hooks,
      name,
      sketch: entry,
      host: '127.0.0.1',
      port: 0,
      options: options.options ?? {},
      board: parts.board,
      boardGiven: true,
    }),
  );
  return warning(new TestBench({ ...parts, run, nodes: new Map([[name, run.node]]), boards: () => [run.board], ...neverRead(origin) }), origin);
}

/** testCircuit, for a caller that stops the bench itself (a scenario): never tied to a node:test test; `origin` as startSketchBench's. */
export async function startCircuitBench(options: CircuitBenchOptions = {}, origin?: BenchOrigin): Promise<TestBench> {
  checkBenchOptions('testCircuit', options, circuitBenchKeys);
  const delaySeconds = options.delay === undefined ? undefined : clockDelaySeconds(options.delay);
  if (options.ticks !== undefined && !(Number.isInteger(options.ticks) && options.ticks >= 0)) {
    throw new UserError(`the clocks' ticks: a whole number of ticks (0: until stopped), got ${JSON.stringify(options.ticks)}`);
  }
  const parts = benchParts(options);
  const circuit = options.circuit === 'article' ? undefined : options.circuit;
  const run = await started(parts, () =>
    startCircuit({
      session: parts.session,
      hooks: parts.hooks,
      ...(circuit !== undefined && { circuit: typeof circuit === 'string' ? resolve(circuit) : circuit }),
      anyPorts: true,
      board: parts.board,
      boardGiven: true,
      ...(options.ticks !== undefined && { ticks: options.ticks }),
      ...(delaySeconds !== undefined && { delay: delaySeconds }),
    }),
  );
  return warning(new TestBench({ ...parts, run, nodes: run.nodes, boards: () => run.boards, subject: 'circuit', ...neverRead(origin) }), origin);
}

/** The bench, once it has warned at the test's call of what the run warned of while it started. */
function warning(bench: TestBench, origin: BenchOrigin | undefined): TestBench {
  if (origin) warnOfStart(bench.events, origin);
  return bench;
}

/** A bench's part that warns at the test's call, as it stops, of the inputs its sketch never heard. */
function neverRead(origin: BenchOrigin | undefined): Pick<BenchParts, 'neverRead' | 'unsetChecked'> {
  return origin ? { neverRead: (never) => warnOfNeverRead(never, origin), unsetChecked: (checks) => warnOfUnsetChecks(checks, origin) } : {};
}

/** The clocks' delay as the circuit's clock takes it, in seconds, from a duration ('2s', 2000). */
function clockDelaySeconds(delay: Duration): number {
  try {
    return durationMs(delay) / 1000;
  } catch (error) {
    throw new UserError(`the clocks' delay: ${errorMessage(error)}`);
  }
}

/**
 * The session a bench runs in: its time (virtual, or the MCU's), the seed's random choices, every
 * event kept; and its sketch's crashes (`sketchFile`'s, or any while it is the one bench running)
 * heard from the start.
 */
function benchParts(options: BenchOptions, sketchFile?: string) {
  const board = options.board ?? 'mock';
  const history = new PinHistory();
  const sink = memorySink();
  const time = board === 'sim' ? new FollowedClock() : new VirtualClock();
  const recording = options.record === undefined ? undefined : startRecording(options.record, { version: 'pinmesh/testing', now: () => time.now(), date: null });
  const common = { random: randomSource(options.seed), sinks: [sink, ...(recording ? [recording.sink] : []), ...(options.sinks ?? [])] };
  const record = (opened: Board) => void recording?.watchBoard(opened);
  const crash = new BenchCrash();
  const unwatch = watchSketchCrashes({ sketchFile, crashed: (error) => crash.crashed(error) });
  const finish = async () => {
    unwatch();
    await recording?.stop();
  };
  // The run's stop (its outputs LOW) is recorded after everything before it (VcdRecording.stopping).
  const stopping = (session: RunSession) => recording && session.signal.addEventListener('abort', () => recording.stopping(), { once: true });
  if (time instanceof FollowedClock) {
    const session = new RunSession({ ...common, clock: time, boards: { sim: { paced: false, skipIdleUnpaced: true, lockstep: time.lockstep } } });
    stopping(session);
    history.on('change', () => time.notice());
    const hooks = [{ boardOpened: (opened: Board) => (history.watch(opened), record(opened), followMcu(time, opened)) }];
    return { board, time, history, session, hooks, events: sink.events, finish, crash };
  }
  history.on('change', () => time.notice());
  const session = new RunSession({ ...common, clock: time });
  stopping(session);
  // The mock measures no PWM frequency: its pins sound at an Uno's analogWrite() frequency.
  const hooks = [{ boardOpened: (opened: Board) => (history.watch(opened, unoPwmFrequency), record(opened)) }];
  return { board, time, history, session, hooks, events: sink.events, finish, crash };
}

/**
 * The run, once started; a run that fails to start leaves no recording open. A sketch whose
 * background work crashed meanwhile starts all the same: the bench's first call rejects with it.
 */
async function started<T>(parts: ReturnType<typeof benchParts>, start: () => Promise<T>): Promise<T> {
  try {
    return await parts.time.runUntil(start());
  } catch (error) {
    await parts.finish();
    throw error;
  }
}

/** The run's clock follows the simulated MCU's time from the moment its board opens. */
function followMcu(clock: FollowedClock, board: Board): void {
  const uno = simulatedUnoOf(board);
  if (!uno) return;
  clock.attach({
    now: () => uno.simulatedMs,
    onMoved: (listener) => {
      uno.on('turn', listener);
      return () => void uno.off('turn', listener);
    },
  });
}

/** A sketch file, a built-in's name, or a class, as the run serves it. */
async function entryOf(sketch: string | SketchClass<any>): Promise<SketchEntry> {
  if (typeof sketch !== 'string') return fileSketch(sketch, sketch.name || 'sketch');
  const builtIn = extname(sketch) === '' ? builtInSketch(sketch) : undefined;
  if (builtIn) return builtIn;
  const file = resolve(sketch);
  return fileSketch(await loadSketchFile(file), sketch);
}
