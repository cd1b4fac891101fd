import type { Command } from 'commander';
import { UserError } from '../errors.js';
import { loadCircuit } from '../mesh/circuit.js';
import type { ClockSummary } from '../sketches/tick-tally.js';
import type { Directory } from '../mesh/directory.js';
import { startClock } from '../run/start-clock.js';
import { boardRequestOf } from './board-request.js';
import { peerLinkOptions, type OutputOptions } from './common-options.js';
import { joinExtensions, type RunExtension, type RunFlags } from './run/run-extension.js';
import { readCredentials } from './security-options.js';
import { Session } from './session.js';
import type { GivenOptions } from './sketch-flags.js';
import { flagNames } from '../setting-names.js';

export interface ClockRun<Flags> {
  /** The clock sketch, which is also the node's name in the circuit. */
  sketch: 'clock' | 'button';
  flags: Flags;
  command: Command;
  /** The sketch's options the person gave on the command line. */
  given: GivenOptions;
  extensions: readonly RunExtension<Flags>[];
  /** The command's own say over where the target is (the clock's -s/-p). */
  addresses?: (directory: Directory) => Directory;
}

/**
 * `pinmesh clock` and `pinmesh button`: one clock node, added to the circuit under its sketch's
 * name, ticks its target until it is done or stopped; the exit status is 1 when a tick went unanswered.
 */
export function runClockCommand<Flags extends RunFlags & OutputOptions>(run: ClockRun<Flags>): Promise<void> {
  const { sketch, flags, command } = run;
  return new Session(Boolean(flags.json)).run(async (session) => {
    const circuit = await loadCircuit(flags.circuit);
    const credentials = await readCredentials(flags);
    const clock = await startClock({
      session,
      sketch,
      circuit,
      ...(flags.circuit !== undefined && { file: flags.circuit }),
      options: run.given(command),
      credentials,
      peers: { ...peerLinkOptions(flags), ...addressFix(command) },
      settingNames: flagNames,
      brokered: command.getOptionValue('broker') !== undefined,
      ...(flags.board !== undefined && boardRequestOf({ ...flags, board: flags.board }, command)),
      ...(run.addresses && { addresses: run.addresses }),
      // The extensions join once the clock is planned (a plan that fails touches nothing).
      hooks: () => joinExtensions({ session, flags, circuit, as: sketch }, run.extensions),
    });
    const summary = await clock.done;
    if (summary.acked === 0 && summary.ticks > 0 && !session.signal.aborted) throw new UserError(noneAcknowledged(summary, clock.target));
    return summary.acked === summary.ticks ? 0 : 1;
  });
}

/** The target's address given with -p/-s: a wrong one is corrected there, not in a circuit file. */
function addressFix(command: Command): { addressFix?: string } {
  const given = (['port', 'host'] as const).filter((flag) => command.getOptionValueSource(flag) === 'cli');
  return given.length === 0 ? {} : { addressFix: `fix ${given.map((flag) => `--${flag}`).join('/')}` };
}

/** Why a clock none of whose ticks was acknowledged failed: what its target answered last. */
export function noneAcknowledged(summary: ClockSummary, target: string): string {
  const last = summary.recent.at(-1)?.reply;
  const none = summary.ticks === 1 ? 'the tick was not acknowledged' : `none of the ${summary.ticks} ticks was acknowledged`;
  return `${none}${last === undefined ? '' : `: ${target} answered ${JSON.stringify(last)}`}`;
}
