import type { Board } from '../boards/board.js';
import { givenCircuit, type Circuit } from '../mesh/circuit.js';
import { planCircuit } from '../sketches/node-plan.js';
import type { StartedNode } from '../runtime/start-node.js';
import { withCircuit } from '../security/node-security.js';
import type { SketchEntry } from '../sketches/registry.js';
import type { ClockSummary } from '../sketches/tick-tally.js';
import { onAnyPorts, withClock, type ClockSketch } from './circuit-clock.js';
import { onPortsFrom } from './circuit-ports.js';
import { markOwnNodes } from './own-nodes.js';
import { planRun, type PlannedRun } from './planned-run.js';
import { boardChoiceOf, hooksOf, namesOf, runOptionKeys, startRun, type RunHandle, type RunOptions } from './run-options.js';
import { everyKeyOf, refuseUnknownOptions } from '../unknown-option.js';

export interface CircuitOptions extends RunOptions {
  /** The circuit: an object, or a circuit file's path. Default: the article's (iopin and buzzer on one board, ticked by the clock). */
  circuit?: Circuit | string;
  /** The circuit file it came from, when `circuit` is an object read from one (sketch files are relative to it). */
  file?: string;
  /** Make every clock of the circuit this sketch: "clock" (timed) or "button" (a push button on the board). */
  clock?: ClockSketch;
  /** The timed clocks' number of ticks (0: until stopped) and seconds between them; default: the circuit's, or 5 ticks 1 s apart. */
  ticks?: number;
  delay?: number;
  /** Options that win over the circuit file's, per sketch (the CLI's flags). */
  overrides?: (entry: SketchEntry) => Record<string, unknown>;
  /** Every served node listens on a port the OS picks (the others find it): circuits run side by side. */
  anyPorts?: boolean;
  /** Every served node listens on `basePort`, `basePort + 1`, … in the circuit's order (instead of the circuit's ports). */
  basePort?: number;
}

/** A circuit that runs: its served nodes listen, its clocks tick. */
export interface CircuitRun extends RunHandle<ClockSummary> {
  /** The served nodes by name (each has its `url`, `host`, `port`). */
  readonly nodes: ReadonlyMap<string, StartedNode>;
  /** The boards the nodes drive, each once (nodes naming the same board share it); a write through one is reported as a node's or the board's (see NodeRun.board). */
  readonly boards: readonly Board[];
}

/** What startCircuit() takes: a misspelt option (`tiks: 2`) is refused, not run as the default. */
const circuitOptionKeys = [...runOptionKeys, ...everyKeyOf<Omit<CircuitOptions, keyof RunOptions>>()(['circuit', 'file', 'clock', 'ticks', 'delay', 'overrides', 'anyPorts', 'basePort'])];

/**
 * Runs a whole circuit in this process: every served node on its board, then its clocks. Resolves
 * once the served nodes listen; `done` resolves when the clocks are done, with their counts (also
 * reported as the clock's `done` event). stop() ends the clocks, closes the nodes, and closes the
 * boards last with every output LOW.
 *
 * @example
 * import { startCircuit } from 'pinmesh';
 * const circuit = await startCircuit({ ticks: 5, delay: 0, anyPorts: true }); // the article's, on the mock board
 * const { acked, ticks } = await circuit.done; // 5 of 5
 * await circuit.stop();
 */
export async function startCircuit(options: CircuitOptions = {}): Promise<CircuitRun> {
  refuseUnknownOptions('startCircuit()', options, circuitOptionKeys);
  const { circuit: given, file, inCode } = await givenCircuit(options);
  const laidOut = withClock(given, options.clock);
  const names = namesOf(options);
  const loaded = options.anyPorts ? onAnyPorts(laidOut) : options.basePort !== undefined ? onPortsFrom(laidOut, options.basePort, names) : laidOut;
  const plans = await planCircuit(loaded, { file, inCode, overrides: (entry) => ({ ...timing(entry, options), ...options.overrides?.(entry) }), brokered: options.brokered, names });
  const servers = plans.filter((p) => p.entry.role === 'server');
  const clocks = plans.filter((p) => p.entry.role === 'clock');
  const own = options.security ?? {};
  const credentials = options.credentials ?? {};
  // Every node runs here with this process's token and certificate: its own links use them.
  const mesh = markOwnNodes(loaded, servers.map((p) => p.name), own);
  const ownCredentials = { ...credentials, ...(credentials.ca === undefined && own.tls ? { ca: own.tls.cert } : {}) };
  let planned!: PlannedRun;
  return startRun(
    options,
    async (session) => {
      planned = await planRun(
        { session, hooks: await hooksOf(options), boards: boardChoiceOf(session, options), peers: options.peers, portAdvice: options.portAdvice, names },
        {
          circuit: mesh,
          plans,
          credentials: ownCredentials,
          fileGiven: true, // every node of the circuit runs here: the broker first, then the circuit's own addresses
          security: (name) => withCircuit(name, mesh, own, names),
          sketchName: (plan) => loaded.nodes[plan.name]?.sketch ?? (plan.entry.role === 'clock' ? 'clock' : plan.name),
        },
      );
      for (const plan of servers) await planned.serve(plan);
      return {
        nodes: planned.nodes,
        get boards() {
          return planned.boards;
        },
      };
    },
    async (_, session) => {
      const summary = await planned.runClocks(clocks);
      session.reporter.report(clocks.length === 1 ? clocks[0]!.name : 'clock', { event: 'done', acked: summary.acked, ticks: summary.ticks });
      await planned.finish();
      return summary;
    },
  );
}

/** `ticks` and `delay` for the sketches that have them (the timed clock). */
function timing(entry: SketchEntry, options: CircuitOptions): Record<string, unknown> {
  const shape = entry.options.shape as Record<string, unknown>;
  return {
    ...(options.ticks !== undefined && 'ticks' in shape && { ticks: options.ticks }),
    ...(options.delay !== undefined && 'delay' in shape && { delay: options.delay }),
  };
}
