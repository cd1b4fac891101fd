import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import type { NodeAddress } from '../../mesh/circuit.js';
import type { Directory } from '../../mesh/directory.js';
import { builtInSketches } from '../../sketches/registry.js';
import type { BrokerFlags } from '../broker-options.js';
import { outputOptions, peerOptions, type OutputOptions, type PeerOptions } from '../common-options.js';
import { fleet } from '../extensions/fleet.js';
import * as parse from '../parse.js';
import { runClockCommand } from '../clock-run.js';
import { addExtensionOptions, type RunExtension } from '../run/run-extension.js';
import { clientSecurityOptions, type ClientSecurityFlags } from '../security-options.js';
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
    runClockCommand({ sketch: 'clock', flags, command, given, extensions, addresses: (directory) => withAddressFlags(directory, flags) }),
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
