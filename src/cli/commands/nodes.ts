import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import { loadCircuit, type Circuit, type NodeAddress } from '../../mesh/circuit.js';
import { startNode } from '../../runtime/start-node.js';
import type { SketchClass } from '../../runtime/sketch.js';
import { Buzzer } from '../../sketches/buzzer.js';
import { IOPin } from '../../sketches/iopin.js';
import {
  boardOptions,
  listenOptions,
  outputOptions,
  peerLinkOptions,
  peerOptions,
  type BoardOptions,
  type ListenOptions,
  type OutputOptions,
  type PeerOptions,
} from '../common-options.js';
import * as parse from '../parse.js';
import { readSecurity, securityOptions, type SecurityFlags } from '../security-options.js';
import { Session } from '../session.js';
import { assertSafeToListen, resolveSecurity, withCircuit } from '../../security/node-security.js';

type NodeFlags = OutputOptions & BoardOptions & ListenOptions & PeerOptions & SecurityFlags;

export interface ServeNodeRequest {
  name: string;
  /** The sketch class; a function so a user's file is loaded inside the session (clean errors). */
  load: () => Promise<SketchClass<any>>;
  sketchOptions: Record<string, unknown>;
  flags: NodeFlags;
}

/** Runs one node until the person stops it: board, sketch, server; then everything closed again. */
export function serveUntilStopped(request: ServeNodeRequest): Promise<void> {
  const { flags } = request;
  return new Session(Boolean(flags.json)).run(async (session) => {
    const circuit = await loadCircuit(flags.circuit);
    const address = listenAddress(circuit, request.name, flags);
    const { security, credentials } = await readSecurity(flags);
    // Refused before the board is opened: nothing is touched by a node that will not start.
    assertSafeToListen(request.name, address.host, resolveSecurity(withCircuit(request.name, circuit, security)));
    const board = await session.openBoard(flags.board, { serialPort: flags.serialPort });
    const sketch = await request.load();
    const node = await startNode({
      sketch,
      name: request.name,
      options: request.sketchOptions,
      board,
      circuit,
      host: address.host,
      port: address.port,
      reporter: session.reporter,
      peers: peerLinkOptions(flags),
      security,
      credentials,
    });
    session.defer(() => node.close());
    await session.stopped();
  });
}

/** -s/-p win; otherwise the node's entry in the circuit; a node the circuit lacks needs --port. */
function listenAddress(circuit: Circuit, name: string, flags: ListenOptions): NodeAddress {
  const known = circuit.nodes[name];
  if (known) return { host: flags.host ?? known.host, port: flags.port ?? known.port };
  if (flags.port === undefined) {
    throw new UserError(`node "${name}" is not in the circuit, so it needs a port: pass --port (and --host), or add "${name}" to the circuit file`);
  }
  return { host: flags.host ?? '127.0.0.1', port: flags.port };
}

export function registerNodeCommands(program: Command): void {
  const iopin = program
    .command('iopin')
    .description('serve the IOPin sketch: on each tick, write random bits to a pin and stream them to the buzzer')
    .option('--pin <pin>', 'digital pin to write the bits to', parse.pin, 13)
    .option('--chance <p>', 'probability of a 0 for each bit', parse.number({ min: 0, max: 1 }), 0.5)
    .option('--sequence <n>', 'bits per tick', parse.number({ integer: true, min: 1, max: 256 }), 3)
    .option('--hold <ms>', 'how long each bit stays on the pin, in ms', parse.number({ min: 0, max: 60_000 }), 200);
  listenOptions(iopin, 'iopin');
  peerOptions(iopin);
  securityOptions(iopin);
  boardOptions(iopin, 'mock');
  outputOptions(iopin).action((flags: NodeFlags & { pin: number; chance: number; sequence: number; hold: number }) =>
    serveUntilStopped({
      name: 'iopin',
      load: async () => IOPin,
      sketchOptions: { pin: flags.pin, chance: flags.chance, sequence: flags.sequence, hold: flags.hold },
      flags,
    }),
  );

  const buzzer = program
    .command('buzzer')
    .description('serve the Buzzer sketch: 1 switches the piezo on and replies the sound, 0 silences it')
    .option('--pin <pin>', 'PWM pin with the piezo', parse.pin, 3)
    .option('--sound <text>', 'reply sent for a 1', 'buzz buzz buzz');
  listenOptions(buzzer, 'buzzer');
  peerOptions(buzzer);
  securityOptions(buzzer);
  boardOptions(buzzer, 'mock');
  outputOptions(buzzer).action((flags: NodeFlags & { pin: number; sound: string }) =>
    serveUntilStopped({ name: 'buzzer', load: async () => Buzzer, sketchOptions: { pin: flags.pin, sound: flags.sound }, flags }),
  );
}
