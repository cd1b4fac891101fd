import type { Command } from 'commander';
import { loadCircuit, withNode } from '../mesh/circuit.js';
import type { Directory } from '../mesh/directory.js';
import { planNode } from '../mesh/node-plan.js';
import { builtInSketches } from '../sketches/registry.js';
import type { OutputOptions } from './common-options.js';
import { CommandRun, type RunFlags } from './run/command-run.js';
import type { RunExtension } from './run/run-extension.js';
import { readCredentials } from './security-options.js';
import { Session } from './session.js';
import type { GivenOptions } from './sketch-flags.js';

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
    const mesh = withNode(circuit, sketch, { sketch });
    const plan = await planNode(mesh, sketch, { file: flags.circuit, sketch: builtInSketches[sketch], overrides: run.given(command), brokered: command.getOptionValue('broker') !== undefined });
    const credentials = await readCredentials(flags);
    const started = await CommandRun.start({ session, flags, command, circuit, as: plan.name }, run.extensions);
    const planned = await started.planned({ circuit: mesh, plans: [plan], credentials, fileGiven: flags.circuit !== undefined, ...(run.addresses && { addresses: run.addresses }) });
    const results = await planned.runClocks([plan]);
    return results.every((result) => result.ok) ? 0 : 1;
  });
}
