import { Option, type Command } from 'commander';
import { UserError } from '../../errors.js';
import { loadCircuit, type Circuit, type NodeSpec } from '../../mesh/circuit.js';
import { planCircuit } from '../../mesh/node-plan.js';
import { withCircuit } from '../../security/node-security.js';
import { builtInSketches, type SketchEntry } from '../../sketches/registry.js';
import type { BrokerFlags } from '../broker-options.js';
import { boardOptions, outputOptions, peerOptions, type BoardOptions, type OutputOptions, type PeerOptions } from '../common-options.js';
import { fleet } from '../extensions/fleet.js';
import { keyPresses } from '../extensions/key-presses.js';
import { liveView, type ViewFlags } from '../extensions/view.js';
import { CommandRun } from '../run/command-run.js';
import { addExtensionOptions, type RunExtension } from '../run/run-extension.js';
import { markOwnNodes, readSecurity, securityOptions, type SecurityFlags } from '../security-options.js';
import { Session } from '../session.js';
import { addSketchFlags, type GivenOptions } from '../sketch-flags.js';

type CircuitFlags = OutputOptions & BoardOptions & PeerOptions & SecurityFlags & ViewFlags & BrokerFlags & { clock: string };

/** What a circuit run offers besides its nodes: the live view, the fleet, and keys for the button. */
export const circuitExtensions: readonly RunExtension<CircuitFlags>[] = [liveView, fleet, keyPresses];

/** The sketches that can tick the circuit: `--clock clock` (timed) or `--clock button` (a push button). */
const clockSketches = Object.entries(builtInSketches).filter(([, entry]) => entry.role === 'clock').map(([name]) => name);

export function registerCircuitCommand(program: Command, extensions = circuitExtensions): void {
  const circuit = program
    .command('circuit')
    .description('run a whole circuit in one process (by default the article’s: buzzer and iopin sharing one board, then the clock)');
  // One flag per option of each built-in sketch; a clash is prefixed with the sketch's name (--buzzer-pin).
  const taken = new Set<string>();
  const given = new Map<SketchEntry, GivenOptions>();
  for (const [name, entry] of Object.entries(builtInSketches)) {
    const shared = entry === builtInSketches.button ? ['channel'] : []; // the button ticks on the clock's --channel
    given.set(entry, addSketchFlags(circuit, entry.options, { taken, prefix: name, skip: (key, property) => property.peer === true || shared.includes(key) }));
  }
  circuit.addOption(new Option('--clock <sketch>', 'what ticks the circuit: the timed clock, or a push button on the board (one tick per press)').choices(clockSketches).default('clock'));
  boardOptions(circuit, 'sim');
  peerOptions(circuit);
  securityOptions(circuit);
  addExtensionOptions(circuit, extensions);
  outputOptions(circuit).action((flags: CircuitFlags, command: Command) =>
    new Session(Boolean(flags.json)).run(async (session) => {
      const { security: own, credentials } = await readSecurity(flags);
      const clockGiven = command.getOptionValueSource('clock') === 'cli' ? flags.clock : undefined;
      const clockFlags = given.get(builtInSketches.clock)!(command);
      const timing = Object.keys(clockFlags).filter((key) => key === 'ticks' || key === 'delay');
      if (clockGiven === 'button' && timing.length > 0) {
        throw new UserError(`--${timing[0]} is the timed clock's; a button ticks once per press: count presses with --presses N (0: until stopped)`);
      }
      const loaded = withClock(await loadCircuit(flags.circuit), clockGiven);
      const overridesFor = (entry: SketchEntry) => {
        const own = given.get(entry)?.(command) ?? {};
        return entry === builtInSketches.button && clockFlags.channel !== undefined ? { channel: clockFlags.channel, ...own } : own;
      };
      const plans = await planCircuit(loaded, { file: flags.circuit, overrides: (entry) => overridesFor(entry), brokered: command.getOptionValue('broker') !== undefined });
      const servers = plans.filter((p) => p.entry.role === 'server');
      const clocks = plans.filter((p) => p.entry.role === 'clock');
      // Every node runs here with this process's token and certificate: its own links use them.
      const mesh = markOwnNodes(loaded, servers.map((p) => p.name), own);
      const ownCredentials = { ...credentials, ...(credentials.ca === undefined && own.tls ? { ca: own.tls.cert } : {}) };
      const run = await CommandRun.start({ session, flags, command, circuit: loaded, as: 'circuit' }, extensions);
      const planned = await run.planned({
        circuit: mesh,
        plans,
        credentials: ownCredentials,
        fileGiven: true, // every node of the circuit runs here: the broker first, then the circuit's own addresses
        security: (name) => withCircuit(name, mesh, own),
        sketchName: (plan) => loaded.nodes[plan.name]?.sketch ?? (plan.entry.role === 'clock' ? 'clock' : plan.name),
      });
      for (const plan of servers) await planned.serve(plan);
      const results = await planned.runClocks(clocks);
      const acked = results.filter((result) => result.ok).length;
      session.reporter.report(clocks.length === 1 ? clocks[0]!.name : 'clock', { event: 'done', acked, ticks: results.length });
      await planned.finish();
      return acked === results.length ? 0 : 1;
    }),
  );
}

/**
 * A circuit file that names no clock gets the article's: ticking the iopin on /datafeed. `--clock
 * SKETCH` makes every clock of the circuit that sketch, keeping what it ticks (target, channel).
 */
function withClock(circuit: Circuit, sketch: string | undefined): Circuit {
  const isClock = (name: string, spec: NodeSpec) => (spec.sketch === undefined ? name === 'clock' : clockSketches.includes(spec.sketch));
  const hasClock = Object.entries(circuit.nodes).some(([name, spec]) => isClock(name, spec)) || circuit.nodes.clock;
  const nodes: Record<string, NodeSpec> = hasClock ? { ...circuit.nodes } : { ...circuit.nodes, clock: { sketch: 'clock' } };
  if (sketch === undefined) return { ...circuit, nodes };
  for (const [name, spec] of Object.entries(nodes)) {
    if (!isClock(name, spec)) continue;
    const { target, channel } = spec.options ?? {};
    nodes[name] = { ...spec, sketch, options: { ...(target !== undefined && { target }), ...(channel !== undefined && { channel }) } };
  }
  return { ...circuit, nodes };
}
