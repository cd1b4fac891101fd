import { UserError } from '../errors.js';
import { givenCircuit, withNode, type Circuit } from '../mesh/circuit.js';
import type { Directory } from '../mesh/directory.js';
import { planNode } from '../sketches/node-plan.js';
import { builtInSketch, type ClockEntry } from '../sketches/registry.js';
import type { ClockSummary } from '../sketches/tick-tally.js';
import { clockSketches, type ClockSketch } from './circuit-clock.js';
import { planRun } from './planned-run.js';
import { boardChoiceOf, hooksOf, namesOf, runOptionKeys, startRun, type RunHandle, type RunOptions } from './run-options.js';
import { everyKeyOf, refuseUnknownOptions } from '../unknown-option.js';

export interface ClockRunOptions extends RunOptions {
  /** Which clock: "clock" (timed, the default) or "button" (a push button on the board, one tick per press). */
  sketch?: ClockSketch;
  /** The circuit its target is in: an object or a circuit file's path. Default: the article's. */
  circuit?: Circuit | string;
  /** The circuit file it came from, when `circuit` is an object read from one. */
  file?: string;
  /** Its options (target, channel; ticks, delay; pin, presses, debounce); they win over the circuit file's. */
  options?: Record<string, unknown>;
  /** The caller's own say over where the target is (the clock's -s/-p), over the circuit's (or the fleet's) directory. */
  addresses?: (directory: Directory) => Directory;
}

/** A clock that ticks its target. */
export interface ClockRun extends RunHandle<ClockSummary> {
  /** The node it ticks (its `target` option). */
  readonly target: string;
}

/** What startClock() takes: a misspelt option is refused, not run as the default. */
const clockOptionKeys = [...runOptionKeys, ...everyKeyOf<Omit<ClockRunOptions, keyof RunOptions>>()(['sketch', 'circuit', 'file', 'options', 'addresses'])];

/**
 * Runs one clock (the node of that sketch's name in the circuit, added when the circuit lacks it):
 * what `pinmesh clock` and `pinmesh button` do. `done` resolves with its counts once it is done
 * (also reported as the clock's `done` event, as a circuit's clock does); stop() ends it after the
 * tick on its way. A button clock opens its board first (mock by default).
 *
 * @example
 * import { startClock } from 'pinmesh';
 * const clock = await startClock({ options: { ticks: 3, delay: 0 } }); // ticks the article's iopin
 * const { acked } = await clock.done;
 */
export async function startClock(options: ClockRunOptions = {}): Promise<ClockRun> {
  refuseUnknownOptions('startClock()', options, clockOptionKeys);
  const name = options.sketch ?? 'clock';
  const entry = builtInSketch(name);
  if (entry?.role !== 'clock') throw new UserError(`"${name}" is not a clock: choose one of ${clockSketches.join(', ')}`);
  const { circuit: loaded, file, inCode } = await givenCircuit(options);
  const circuit = withNode(loaded, name, { sketch: name });
  const names = namesOf(options);
  const plan = await planNode(circuit, name, { file, inCode, sketch: entry satisfies ClockEntry, overrides: options.options ?? {}, brokered: options.brokered, names });
  return startRun(
    options,
    async (session) => {
      const planned = await planRun(
        { session, hooks: await hooksOf(options), boards: boardChoiceOf(session, options), peers: options.peers, names },
        { circuit, plans: [plan], credentials: options.credentials ?? {}, fileGiven: file !== undefined, ...(options.addresses && { addresses: options.addresses }) },
      );
      return { planned };
    },
    async ({ planned }, session) => {
      const summary = await planned.runClocks([plan]);
      session.reporter.report(plan.name, { event: 'done', acked: summary.acked, ticks: summary.ticks });
      return summary;
    },
  ).then(({ session, done, stop }) => ({ session, done, stop, target: String(plan.options.target) }));
}
