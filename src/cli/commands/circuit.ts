import { Option, type Command } from 'commander';
import { UserError } from '../../errors.js';
import { loadCircuit } from '../../mesh/circuit.js';
import { clockSketches, withClock } from '../../run/circuit-clock.js';
import { startCircuit } from '../../run/start-circuit.js';
import { builtInSketch, builtInSketches, type SketchEntry } from '../../sketches/registry.js';
import type { BrokerFlags } from '../broker-options.js';
import { boardRequestOf } from '../board-request.js';
import * as parse from '../parse.js';
import { boardOptions, outputOptions, peerLinkOptions, peerOptions, seedOption, type BoardOptions, type OutputOptions, type PeerOptions, type SeedOptions } from '../common-options.js';
import { fleet } from '../extensions/fleet.js';
import { keyPresses } from '../extensions/key-presses.js';
import { recording, type RecordFlags } from '../extensions/record.js';
import { liveView, type ViewFlags } from '../extensions/view.js';
import { addExtensionOptions, joinExtensions, type RunExtension } from '../run/run-extension.js';
import { readSecurity, securityOptions, type SecurityFlags } from '../security-options.js';
import { Session } from '../session.js';
import { addSketchFlags, type GivenOptions } from '../sketch-flags.js';
import { flagNames } from '../../setting-names.js';

type CircuitFlags = OutputOptions & SeedOptions & BoardOptions & PeerOptions & SecurityFlags & ViewFlags & BrokerFlags & RecordFlags & { clock: string; basePort?: number };

/** What a circuit run offers besides its nodes: a recording, the live view, the fleet, and keys for the button. */
export const circuitExtensions: readonly RunExtension<CircuitFlags>[] = [recording, liveView, fleet, keyPresses];

export function registerCircuitCommand(program: Command, extensions = circuitExtensions): void {
  const circuit = program
    .command('circuit')
    .description('run a whole circuit in one process (by default the article’s: buzzer and iopin sharing one board, then the clock)');
  // One flag per option of each built-in sketch; a clash is prefixed with the sketch's name (--buzzer-pin).
  const taken = new Set<string>();
  const given = new Map<SketchEntry, GivenOptions>();
  // The clocks tick on one --channel: the first clock's (the timed one's); the others (the button) take it.
  const firstClock = Object.values(builtInSketches).find((entry) => entry.role === 'clock')!;
  const sharesChannel = (entry: SketchEntry) => entry.role === 'clock' && entry !== firstClock;
  for (const [name, entry] of Object.entries(builtInSketches)) {
    const shared = sharesChannel(entry) ? ['channel'] : [];
    given.set(entry, addSketchFlags(circuit, entry.options, { taken, prefix: name, skip: (key, property) => property.peer === true || shared.includes(key) }));
  }
  circuit.addOption(new Option('--clock <sketch>', 'what ticks the circuit: the timed clock, or a push button on the board (one tick per press)').choices([...clockSketches]).default('clock'));
  circuit.option('--base-port <port>', "serve the circuit's nodes on this port and the ones after it, in the circuit's order (instead of the circuit's own ports)", parse.number({ integer: true, min: 1, max: 65535 }));
  boardOptions(circuit, 'sim');
  seedOption(circuit);
  peerOptions(circuit);
  securityOptions(circuit);
  addExtensionOptions(circuit, extensions);
  outputOptions(circuit).action((flags: CircuitFlags, command: Command) =>
    new Session(Boolean(flags.json), { seed: flags.seed }).run(async (session) => {
      const { security, credentials } = await readSecurity(flags);
      const clockGiven = command.getOptionValueSource('clock') === 'cli' ? flags.clock : undefined;
      const clockFlags = given.get(firstClock)!(command);
      const chosen = clockGiven === undefined ? undefined : builtInSketch(clockGiven);
      const timing = Object.keys(clockFlags).filter((key) => (key === 'ticks' || key === 'delay') && chosen && !(key in chosen.options.shape));
      if (timing.length > 0) {
        throw new UserError(`--${timing[0]} is the timed clock's; a button ticks once per press: count presses with --presses N (0: until stopped)`);
      }
      const loaded = withClock(await loadCircuit(flags.circuit), clockGiven);
      const overrides = (entry: SketchEntry) => {
        const own = given.get(entry)?.(command) ?? {};
        return sharesChannel(entry) && clockFlags.channel !== undefined ? { channel: clockFlags.channel, ...own } : own;
      };
      const run = await startCircuit({
        session,
        circuit: loaded,
        ...(flags.circuit !== undefined && { file: flags.circuit }),
        overrides,
        security,
        credentials,
        peers: peerLinkOptions(flags),
        ...(flags.basePort !== undefined && { basePort: flags.basePort }),
        settingNames: flagNames,
        portAdvice: (node) => `choose other ports with --base-port N (the circuit's nodes take N, N+1, …)${flags.circuit === undefined ? '' : `, or change ${node}'s port in ${flags.circuit}`}`,
        brokered: command.getOptionValue('broker') !== undefined,
        ...boardRequestOf(flags, command),
        // The extensions join once the circuit is planned (a plan that fails touches nothing).
        hooks: () => joinExtensions({ session, flags, circuit: loaded, as: 'circuit' }, extensions),
      });
      const { acked, ticks } = await run.done;
      return acked === ticks ? 0 : 1;
    }),
  );
}
