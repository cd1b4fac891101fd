import type { Command } from 'commander';
import { loadCircuit } from '../../mesh/circuit.js';
import { serveNode } from '../../run/serve-node.js';
import { builtInSketches, type SketchEntry } from '../../sketches/registry.js';
import type { BrokerFlags } from '../broker-options.js';
import {
  boardOptions,
  listenOptions,
  outputOptions,
  peerLinkOptions,
  peerOptions,
  seedOption,
  type BoardOptions,
  type ListenOptions,
  type OutputOptions,
  type PeerOptions,
  type SeedOptions,
} from '../common-options.js';
import { fleet } from '../extensions/fleet.js';
import { recording, type RecordFlags } from '../extensions/record.js';
import { liveView, type ViewFlags } from '../extensions/view.js';
import { boardRequestOf } from '../board-request.js';
import { addExtensionOptions, joinExtensions, type RunExtension } from '../run/run-extension.js';
import { readSecurity, securityOptions, type SecurityFlags } from '../security-options.js';
import { Session } from '../session.js';
import { addSketchFlags } from '../sketch-flags.js';
import { flagNames } from '../../setting-names.js';

export type NodeFlags = OutputOptions & SeedOptions & BoardOptions & ListenOptions & PeerOptions & SecurityFlags & ViewFlags & BrokerFlags & RecordFlags;

/** What a served node offers besides itself (`pinmesh iopin`, `buzzer`, `run`): a recording, the live view and the fleet. */
export const servedNodeExtensions: RunExtension<NodeFlags>[] = [recording, liveView, fleet];

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
  return new Session(Boolean(flags.json), { seed: flags.seed }).run(async (session) => {
    const circuit = await loadCircuit(flags.circuit);
    const hooks = await joinExtensions({ session, flags, circuit, as: name }, servedNodeExtensions);
    const { security, credentials } = await readSecurity(flags);
    const node = await serveNode({
      session,
      hooks,
      name,
      sketch: request.sketch,
      sketchName: request.sketchName,
      circuit,
      ...(flags.circuit !== undefined && { file: flags.circuit }),
      ...(flags.host !== undefined && { host: flags.host }),
      ...(flags.port !== undefined && { port: flags.port }),
      options: request.overrides,
      security,
      credentials,
      peers: peerLinkOptions(flags),
      brokered: command.getOptionValue('broker') !== undefined,
      portAdvice: () => 'choose another port with --port',
      settingNames: flagNames,
      ...boardRequestOf(flags, command),
    });
    await node.done;
  });
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
    seedOption(command);
    outputOptions(command).action((flags: NodeFlags, self: Command) =>
      serveUntilStopped({ name, sketch: async () => entry, sketchName: name, overrides: given(self), flags, command: self }),
    );
  }
}
