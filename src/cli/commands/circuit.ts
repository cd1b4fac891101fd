import type { Command } from 'commander';
import { loadCircuit, type Circuit } from '../../mesh/circuit.js';
import { circuitDirectory } from '../../mesh/directory.js';
import { planCircuit } from '../../mesh/node-plan.js';
import { builtInSketches, type SketchEntry } from '../../sketches/registry.js';
import { BoardChoice } from '../board-choice.js';
import { boardOptions, outputOptions, peerLinkOptions, peerOptions, type BoardOptions, type OutputOptions, type PeerOptions } from '../common-options.js';
import { Session } from '../session.js';
import { addSketchFlags, type GivenOptions } from '../sketch-flags.js';
import { runClockNode, startServedNode } from '../node-runner.js';

type CircuitFlags = OutputOptions & BoardOptions & PeerOptions;

export function registerCircuitCommand(program: Command): void {
  const circuit = program
    .command('circuit')
    .description('run a whole circuit in one process (by default the article’s: buzzer and iopin sharing one board, then the clock)');
  // One flag per option of each built-in sketch; a clash is prefixed with the sketch's name (--buzzer-pin).
  const taken = new Set<string>();
  const given = new Map<SketchEntry, GivenOptions>();
  for (const [name, entry] of Object.entries(builtInSketches)) {
    given.set(entry, addSketchFlags(circuit, entry.options, { taken, prefix: name, skip: (_, property) => property.peer === true }));
  }
  boardOptions(circuit, 'sim');
  peerOptions(circuit);
  outputOptions(circuit).action((flags: CircuitFlags, command: Command) =>
    new Session(Boolean(flags.json)).run(async (session) => {
      const mesh = withClock(await loadCircuit(flags.circuit));
      const plans = await planCircuit(mesh, { file: flags.circuit, overrides: (entry) => given.get(entry)?.(command) ?? {} });
      const directory = circuitDirectory(mesh);
      const boards = new BoardChoice(session, flags, command);
      const links = peerLinkOptions(flags);

      for (const plan of plans.filter((p) => p.entry.role === 'server')) {
        const board = await boards.open(plan.board);
        const node = await startServedNode(plan, { board, directory, reporter: session.reporter, peers: links });
        session.defer(() => node.close());
      }
      const clocks = plans.filter((p) => p.entry.role === 'clock');
      const results = (await Promise.all(clocks.map((plan) => runClockNode(plan, { directory, reporter: session.reporter, signal: session.signal, link: links })))).flat();
      const acked = results.filter((result) => result.ok).length;
      session.reporter.report(clocks.length === 1 ? clocks[0]!.name : 'clock', { event: 'done', acked, ticks: results.length });
      return acked === results.length ? 0 : 1;
    }),
  );
}

/** A circuit file that names no clock gets the article's: ticking the iopin on /datafeed. */
function withClock(circuit: Circuit): Circuit {
  if (Object.values(circuit.nodes).some((spec) => spec.sketch === 'clock') || circuit.nodes.clock) return circuit;
  return { ...circuit, nodes: { ...circuit.nodes, clock: { sketch: 'clock' } } };
}
