import type { Command } from 'commander';
import { loadCircuit, withNode } from '../../mesh/circuit.js';
import { planNode } from '../../mesh/node-plan.js';
import { builtInSketches } from '../../sketches/registry.js';
import { boardOptions, outputOptions, peerOptions, type BoardOptions, type OutputOptions, type PeerOptions } from '../common-options.js';
import { keyPresses } from '../extensions/key-presses.js';
import { CommandRun } from '../run/command-run.js';
import { addExtensionOptions, type RunExtension } from '../run/run-extension.js';
import { clientSecurityOptions, readCredentials, type ClientSecurityFlags } from '../security-options.js';
import { Session } from '../session.js';
import { addSketchFlags } from '../sketch-flags.js';

type ButtonFlags = OutputOptions & BoardOptions & PeerOptions & ClientSecurityFlags;

/** What the button offers besides ticking: space or Enter presses the simulated button. */
const extensions: RunExtension<ButtonFlags>[] = [keyPresses];

/** `pinmesh button`: a push button on the board ticks a node (the iopin), once per press. */
export function registerButtonCommand(program: Command): void {
  const entry = builtInSketches.button;
  const button = program.command('button').description(`${entry.summary}; on --board sim, space or Enter in the terminal presses the simulated button`);
  const given = addSketchFlags(button, entry.options);
  boardOptions(button, 'sim');
  peerOptions(button);
  clientSecurityOptions(button);
  addExtensionOptions(button, extensions);
  outputOptions(button).action((flags: ButtonFlags, command: Command) =>
    new Session(Boolean(flags.json)).run(async (session) => {
      const circuit = await loadCircuit(flags.circuit);
      const mesh = withNode(circuit, 'button', { sketch: 'button' });
      const plan = await planNode(mesh, 'button', { file: flags.circuit, sketch: entry, overrides: given(command) });
      const credentials = await readCredentials(flags);
      const run = await CommandRun.start({ session, flags, command, circuit, as: plan.name }, extensions);
      const planned = await run.planned({ circuit: mesh, plans: [plan], credentials, fileGiven: flags.circuit !== undefined });
      const results = await planned.runClocks([plan]);
      return results.every((result) => result.ok) ? 0 : 1;
    }),
  );
}
