import type { Command } from 'commander';
import { loadCircuit } from '../../mesh/circuit.js';
import { circuitDirectory } from '../../mesh/directory.js';
import { planNode } from '../../mesh/node-plan.js';
import { builtInSketches } from '../../sketches/registry.js';
import { outputOptions, peerLinkOptions, peerOptions, type OutputOptions, type PeerOptions } from '../common-options.js';
import { runClockNode } from '../node-runner.js';
import * as parse from '../parse.js';
import { Session } from '../session.js';
import { addSketchFlags } from '../sketch-flags.js';

interface ClockFlags extends OutputOptions, PeerOptions {
  host?: string;
  port?: number;
}

export function registerClockCommand(program: Command): void {
  const entry = builtInSketches.clock;
  const clock = program
    .command('clock')
    .description(entry.summary)
    .option('-s, --host <host>', "host of the node to tick (default: the target's host in the circuit)")
    .option('-p, --port <port>', "port of the node to tick (default: the target's port in the circuit)", parse.port);
  const given = addSketchFlags(clock, entry.options);
  peerOptions(clock);
  outputOptions(clock).action((flags: ClockFlags, command: Command) =>
    new Session(Boolean(flags.json)).run(async (session) => {
      const circuit = await loadCircuit(flags.circuit);
      const mesh = circuit.nodes.clock ? circuit : { ...circuit, nodes: { ...circuit.nodes, clock: { sketch: 'clock' } } };
      const plan = await planNode(mesh, 'clock', { file: flags.circuit, sketch: entry, overrides: given(command) });
      const directory = circuitDirectory(mesh);
      // -s/-p point the clock at an address; either alone completes the target's address in the circuit.
      const at = flags.host !== undefined || flags.port !== undefined ? await atFlags(flags, () => directory.resolve(String(plan.options.target))) : undefined;
      const results = await runClockNode(plan, { directory, reporter: session.reporter, signal: session.signal, link: peerLinkOptions(flags), at });
      return results.every((result) => result.ok) ? 0 : 1;
    }),
  );
}

/** -p alone keeps the target's host (127.0.0.1 for a node the circuit lacks); -s alone keeps its port. */
async function atFlags(flags: ClockFlags, known: () => Promise<{ host: string; port: number }>): Promise<{ host: string; port: number }> {
  if (flags.port !== undefined) return { host: flags.host ?? (await known().catch(() => undefined))?.host ?? '127.0.0.1', port: flags.port };
  return { host: flags.host!, port: (await known()).port };
}
