import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import { loadCircuit, withNode, type NodeAddress } from '../../mesh/circuit.js';
import type { Directory } from '../../mesh/directory.js';
import { planNode } from '../../mesh/node-plan.js';
import { builtInSketches } from '../../sketches/registry.js';
import type { BrokerFlags } from '../broker-options.js';
import { outputOptions, peerOptions, type OutputOptions, type PeerOptions } from '../common-options.js';
import { fleet } from '../extensions/fleet.js';
import * as parse from '../parse.js';
import { CommandRun } from '../run/command-run.js';
import { addExtensionOptions, type RunExtension } from '../run/run-extension.js';
import { clientSecurityOptions, readCredentials, type ClientSecurityFlags } from '../security-options.js';
import { Session } from '../session.js';
import { addSketchFlags } from '../sketch-flags.js';

interface ClockFlags extends OutputOptions, PeerOptions, ClientSecurityFlags, BrokerFlags {
  host?: string;
  port?: number;
}

/** What the clock offers besides ticking: the fleet. */
const extensions: RunExtension<ClockFlags>[] = [fleet];

export function registerClockCommand(program: Command): void {
  const entry = builtInSketches.clock;
  const clock = program
    .command('clock')
    .description(entry.summary)
    .option('-s, --host <host>', "host of the node to tick (default: the target's host in the circuit)")
    .option('-p, --port <port>', "port of the node to tick (default: the target's port in the circuit)", parse.port);
  const given = addSketchFlags(clock, entry.options);
  peerOptions(clock);
  clientSecurityOptions(clock);
  addExtensionOptions(clock, extensions);
  outputOptions(clock).action((flags: ClockFlags, command: Command) =>
    new Session(Boolean(flags.json)).run(async (session) => {
      const circuit = await loadCircuit(flags.circuit);
      const mesh = withNode(circuit, 'clock', { sketch: 'clock' });
      const plan = await planNode(mesh, 'clock', { file: flags.circuit, sketch: entry, overrides: given(command) });
      const credentials = await readCredentials(flags);
      const run = await CommandRun.start({ session, flags, command, circuit, as: plan.name }, extensions);
      const planned = await run.planned({ circuit: mesh, plans: [plan], credentials, fileGiven: flags.circuit !== undefined, addresses: (directory) => withAddressFlags(directory, flags) });
      const results = await planned.runClocks([plan]);
      return results.every((result) => result.ok) ? 0 : 1;
    }),
  );
}

/**
 * -s/-p point the clock at an address: either completes the target's entry in the circuit (whose
 * `token`/`tls` still say how to talk to it); a target the circuit lacks needs --port (host 127.0.0.1).
 */
function withAddressFlags(directory: Directory, flags: ClockFlags): Directory {
  if (flags.host === undefined && flags.port === undefined) return directory;
  return {
    async resolve(name): Promise<NodeAddress> {
      const known = await directory.resolve(name).catch((error: unknown) => {
        if (flags.port === undefined) throw error instanceof UserError ? new UserError(`${error.message}, or pass its --port`) : error;
        return undefined;
      });
      return { ...known, host: flags.host ?? known?.host ?? '127.0.0.1', port: flags.port ?? known!.port };
    },
  };
}
