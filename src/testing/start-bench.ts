/**
 * Starting what a test tests, in this process and on the library API (src/run/): one sketch
 * (testSketch), or a circuit (testCircuit: a circuit file, an object, or the article's), on the
 * mock board in virtual time. The run's session owns the VirtualClock and the seeded random
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
import { TestBench } from './test-bench.js';

export interface BenchOptions {
  /** The board: 'mock' (the default; virtual time). */
  board?: 'mock';
  /** Makes every random choice repeatable (the iopin's bits): the same seed, the same pin history. */
  seed?: number;
  /** Where the run's events go besides `bench.events` (e.g. humanSink(console.log) while debugging). */
  sinks?: EventSink[];
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
  /** The timed clocks' number of ticks (0: until stopped) and seconds between them. */
  ticks?: number;
  delay?: number;
}

/**
 * Starts a sketch under test: a sketch file's path (.ts, .js…), a built-in's name ('iopin',
 * 'buzzer'), or a Sketch class. Resolves once it listens.
 *
 * @example
 * import { testSketch } from 'pinmesh/testing';
 * const bench = await testSketch('examples/blink.ts', { options: { pin: 13 } });
 * assert.equal(await bench.send('/desk', 'on'), 'led on (asked on /desk)');
 * assert.equal(bench.level(13), 1);
 * await bench.stop();
 */
export async function testSketch(sketch: string | SketchClass<any>, options: SketchBenchOptions = {}): Promise<TestBench> {
  const entry = await entryOf(sketch);
  const name = options.name ?? (typeof sketch === 'string' ? basename(sketch, extname(sketch)) : sketch.name || 'sketch');
  const parts = benchParts(options);
  const run = await parts.time.runUntil(
    serveNode({
      session: parts.session,
      hooks: parts.hooks,
      name,
      sketch: entry,
      host: '127.0.0.1',
      port: 0,
      options: options.options ?? {},
      board: options.board ?? 'mock',
      boardGiven: true,
    }),
  );
  return new TestBench({ ...parts, run, nodes: new Map([[name, run.node]]), boards: () => [run.board] });
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
export async function testCircuit(options: CircuitBenchOptions = {}): Promise<TestBench> {
  const parts = benchParts(options);
  const circuit = options.circuit === 'article' ? undefined : options.circuit;
  const run = await parts.time.runUntil(
    startCircuit({
      session: parts.session,
      hooks: parts.hooks,
      ...(circuit !== undefined && { circuit: typeof circuit === 'string' ? resolve(circuit) : circuit }),
      anyPorts: true,
      ...(options.board !== undefined && { board: options.board, boardGiven: true }),
      ...(options.ticks !== undefined && { ticks: options.ticks }),
      ...(options.delay !== undefined && { delay: options.delay }),
    }),
  );
  return new TestBench({ ...parts, run, nodes: run.nodes, boards: () => run.boards });
}

/** The session a bench runs in: virtual time, the seed's random choices, every event kept. */
function benchParts(options: BenchOptions) {
  if (options.board !== undefined && options.board !== 'mock') {
    throw new RangeError(`pinmesh/testing runs on the mock board; got board "${String(options.board)}"`);
  }
  const time = new VirtualClock();
  const history = new PinHistory();
  history.on('change', () => time.notice());
  const sink = memorySink();
  const session = new RunSession({ clock: time, random: randomSource(options.seed), sinks: [sink, ...(options.sinks ?? [])] });
  const hooks = [{ boardOpened: (board: Parameters<PinHistory['watch']>[0]) => void history.watch(board) }];
  return { time, history, session, hooks, events: sink.events };
}

/** A sketch file, a built-in's name, or a class, as the run serves it. */
async function entryOf(sketch: string | SketchClass<any>): Promise<SketchEntry> {
  if (typeof sketch !== 'string') return fileSketch(sketch, sketch.name || 'sketch');
  const builtIn = extname(sketch) === '' ? builtInSketch(sketch) : undefined;
  if (builtIn) return builtIn;
  const file = resolve(sketch);
  return fileSketch(await loadSketchFile(file), sketch);
}
