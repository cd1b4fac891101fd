import type { Command } from 'commander';
import { UserError } from '../../errors.js';
import { loadCircuit, type Circuit } from '../../mesh/circuit.js';
import { planNode } from '../../mesh/node-plan.js';
import { withCircuit } from '../../security/node-security.js';
import { builtInSketches, type SketchEntry } from '../../sketches/registry.js';
import type { BrokerFlags } from '../broker-options.js';
import {
  boardOptions,
  listenOptions,
  outputOptions,
  peerOptions,
  type BoardOptions,
  type ListenOptions,
  type OutputOptions,
  type PeerOptions,
} from '../common-options.js';
import { fleet } from '../extensions/fleet.js';
import { liveView, type ViewFlags } from '../extensions/view.js';
import { CommandRun } from '../run/command-run.js';
import { addExtensionOptions, type RunExtension } from '../run/run-extension.js';
import { readSecurity, securityOptions, type SecurityFlags } from '../security-options.js';
import { Session } from '../session.js';
import { addSketchFlags } from '../sketch-flags.js';

export type NodeFlags = OutputOptions & BoardOptions & ListenOptions & PeerOptions & SecurityFlags & ViewFlags & BrokerFlags;

/** What a served node offers besides itself (`pinmesh iopin`, `buzzer`, `run`): the live view and the fleet. */
export const servedNodeExtensions: RunExtension<NodeFlags>[] = [liveView, fleet];

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
  const { flags, name, command } = request;
  return new Session(Boolean(flags.json)).run(async (session) => {
    const loaded = await loadCircuit(flags.circuit);
    const run = await CommandRun.start({ session, flags, command, circuit: loaded, as: name }, servedNodeExtensions);
    // Where the node listens when neither -s nor the circuit file says: an extension's (in a fleet: towards the broker).
    const listenHost = flags.host === undefined && !(flags.circuit && loaded.nodes[name]?.host) ? await run.listenHost() : undefined;
    const circuit = withListenFlags(loaded, name, { ...flags, host: flags.host ?? listenHost });
    const plan = await planNode(circuit, name, { file: flags.circuit, sketch: await request.sketch(), overrides: request.overrides, brokered: command.getOptionValue('broker') !== undefined });
    const { security: own, credentials } = await readSecurity(flags);
    const security = withCircuit(name, circuit, own);
    const planned = await run.planned({
      circuit,
      plans: [plan],
      credentials,
      fileGiven: flags.circuit !== undefined,
      security: () => security,
      sketchName: () => request.sketchName,
    });
    await planned.serve(plan);
    await session.stopped();
    await planned.finish();
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
    addExtensionOptions(command, servedNodeExtensions);
    boardOptions(command, 'mock');
    outputOptions(command).action((flags: NodeFlags, self: Command) =>
      serveUntilStopped({ name, sketch: async () => entry, sketchName: name, overrides: given(self), flags, command: self }),
    );
  }
}
