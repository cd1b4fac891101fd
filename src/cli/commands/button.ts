import type { Command } from 'commander';
import { loadCircuit, withNode } from '../../mesh/circuit.js';
import { circuitDirectory } from '../../mesh/directory.js';
import { planNode } from '../../mesh/node-plan.js';
import type { ButtonClockSettings } from '../../sketches/button-clock.js';
import { builtInSketches } from '../../sketches/registry.js';
import { BoardChoice } from '../board-choice.js';
import { boardOptions, outputOptions, peerLinkOptions, peerOptions, type BoardOptions, type OutputOptions, type PeerOptions } from '../common-options.js';
import { pressWithKeysOn } from '../key-presses.js';
import { runButtonClockNode } from '../node-runner.js';
import { clientSecurityOptions, readCredentials, type ClientSecurityFlags } from '../security-options.js';
import { Session } from '../session.js';
import { addSketchFlags } from '../sketch-flags.js';

type ButtonFlags = OutputOptions & BoardOptions & PeerOptions & ClientSecurityFlags;

/** `pinmesh button`: a push button on the board ticks a node (the iopin), once per press. */
export function registerButtonCommand(program: Command): void {
  const entry = builtInSketches.button;
  const button = program.command('button').description(`${entry.summary}; on --board sim, space or Enter in the terminal presses the simulated button`);
  const given = addSketchFlags(button, entry.options);
  boardOptions(button, 'sim');
  peerOptions(button);
  clientSecurityOptions(button);
  outputOptions(button).action((flags: ButtonFlags, command: Command) =>
    new Session(Boolean(flags.json)).run(async (session) => {
      const circuit = await loadCircuit(flags.circuit);
      const mesh = withNode(circuit, 'button', { sketch: 'button' });
      const plan = await planNode(mesh, 'button', { file: flags.circuit, sketch: entry, overrides: given(command) });
      const credentials = await readCredentials(flags);
      const board = await new BoardChoice(session, flags, command).open(plan.board);
      pressWithKeysOn(board, (plan.options as ButtonClockSettings).pin, session, plan.name);
      const context = { directory: circuitDirectory(mesh), reporter: session.reporter, signal: session.signal, peers: peerLinkOptions(flags), credentials, board };
      const results = await runButtonClockNode(plan, context);
      return results.every((result) => result.ok) ? 0 : 1;
    }),
  );
}
