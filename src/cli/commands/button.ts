import type { Command } from 'commander';
import { builtInSketches } from '../../sketches/registry.js';
import { boardOptions, outputOptions, peerOptions, type BoardOptions, type OutputOptions, type PeerOptions } from '../common-options.js';
import { runClockCommand } from '../clock-run.js';
import { keyPresses } from '../extensions/key-presses.js';
import { addExtensionOptions, type RunExtension } from '../run/run-extension.js';
import { clientSecurityOptions, type ClientSecurityFlags } from '../security-options.js';
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
  outputOptions(button).action((flags: ButtonFlags, command: Command) => runClockCommand({ sketch: 'button', flags, command, given, extensions }));
}
