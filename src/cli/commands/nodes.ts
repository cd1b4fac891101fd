import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import { loadCircuit, type Circuit } from '../../mesh/circuit.js';
import { planNode } from '../../mesh/node-plan.js';
import { assertSafeToListen, resolveSecurity, withCircuit } from '../../security/node-security.js';
import { builtInSketches, type SketchEntry } from '../../sketches/registry.js';
import { BoardChoice } from '../board-choice.js';
import { brokerOptions, hostTowardsBroker, isWildcard, meshDirectory, openFleet, readBroker, type BrokerFlags } from '../broker-options.js';
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
import { startServedNode } from '../node-runner.js';
import { packageVersion } from '../package-info.js';
import { readSecurity, securityOptions, type SecurityFlags } from '../security-options.js';
import { Session } from '../session.js';
import { addSketchFlags } from '../sketch-flags.js';
import { LiveView, viewOptions, type ViewFlags } from '../view-options.js';
import { viewLayout } from '../../view/layout.js';

export type NodeFlags = OutputOptions & BoardOptions & ListenOptions & PeerOptions & SecurityFlags & ViewFlags & BrokerFlags;

export interface ServeNodeRequest {
  name: string;
  /** The sketch; a function so a user's file is loaded inside the session (clean errors), before any board. */
  sketch: () => Promise<SketchEntry>;
  /** Options given on the command line; they win over the circuit file's. */
  overrides: Record<string, unknown>;
  flags: NodeFlags;
  command: Command;
  /** The sketch's name as the fleet is told it ("iopin", "blink.ts"). */
  sketchName: string;
}

/** Runs one node until the person stops it: sketch, board, server; then everything closed again. */
export function serveUntilStopped(request: ServeNodeRequest): Promise<void> {
  const { flags, name } = request;
  return new Session(Boolean(flags.json)).run(async (session) => {
    const loaded = await loadCircuit(flags.circuit);
    const broker = await readBroker(flags, loaded);
    const fleet = broker && (await openFleet(session, broker, name));
    // In a fleet a node serves, unless told otherwise, where it reaches the broker from.
    const fleetHost = broker && flags.host === undefined && !(flags.circuit && loaded.nodes[name]?.host) ? await hostTowardsBroker(broker) : undefined;
    const circuit = withListenFlags(loaded, name, { ...flags, host: flags.host ?? fleetHost });
    const plan = await planNode(circuit, name, { file: flags.circuit, sketch: await request.sketch(), overrides: request.overrides });
    const { security: own, credentials } = await readSecurity(flags);
    const security = withCircuit(name, circuit, own);
    // Refused before the board is opened: nothing is touched by a node that will not start.
    assertSafeToListen(name, plan.address!.host, resolveSecurity(security));
    const view = await LiveView.start(session, flags, viewLayout([plan], circuit), security.token);
    const board = await new BoardChoice(session, flags, request.command).open(plan.board);
    view?.watchBoard(board);
    const directory = meshDirectory(fleet, circuit, { fileGiven: flags.circuit !== undefined, credentials });
    const node = await startServedNode(plan, { board, directory, reporter: session.reporter, peers: peerLinkOptions(flags), security, credentials });
    session.defer(() => node.close());
    if (fleet) {
      const host = isWildcard(node.host) ? await hostTowardsBroker(fleet.settings) : node.host;
      const serves = { host, port: node.port, token: Boolean(security.token), tls: Boolean(security.tls) };
      await fleet.join({ name, sketch: request.sketchName, serves, board, version: packageVersion() });
    }
    await session.stopped();
  });
}

/** -s/-p win over the node's entry in the circuit; a node the circuit lacks needs --port. */
function withListenFlags(circuit: Circuit, name: string, flags: ListenOptions): Circuit {
  const known = circuit.nodes[name];
  if (!known && flags.port === undefined) {
    throw new UserError(`node "${name}" is not in the circuit, so it needs a port: pass --port (and --host), or add "${name}" to the circuit file`);
  }
  const host = flags.host ?? known?.host ?? '127.0.0.1';
  const port = flags.port ?? known?.port;
  return { ...circuit, nodes: { ...circuit.nodes, [name]: { ...known, host, port } } };
}

/** `pinmesh iopin`, `pinmesh buzzer`: a built-in sketch served as the circuit's node of that name. */
export function registerNodeCommands(program: Command): void {
  for (const name of ['iopin', 'buzzer'] as const) {
    const entry = builtInSketches[name];
    const command = program.command(name).description(`serve the ${name} sketch: ${entry.summary}`);
    const given = addSketchFlags(command, entry.options, { skip: (_, property) => property.peer === true });
    listenOptions(command, name);
    peerOptions(command);
    securityOptions(command);
    viewOptions(command);
    brokerOptions(command);
    boardOptions(command, 'mock');
    outputOptions(command).action((flags: NodeFlags, self: Command) =>
      serveUntilStopped({ name, sketch: async () => entry, sketchName: name, overrides: given(self), flags, command: self }),
    );
  }
}
