import type { Board } from '../boards/board.js';
import { nodeUrl, type NodeAddress } from '../mesh/circuit.js';
import type { Directory } from '../mesh/directory.js';
import type { NodePlan } from '../mesh/node-plan.js';
import type { Reporter } from '../report/events.js';
import type { PeerLinkOptions } from '../runtime/peer-link.js';
import { startNode, type StartedNode } from '../runtime/start-node.js';
import { runClock, type ClockSettings, type TickResult } from '../sketches/clock.js';

export interface NodeRunContext {
  directory: Directory;
  reporter: Reporter;
  peers?: PeerLinkOptions;
}

/** Starts a planned server node on its board, at its address (or `at`, when the command line moved it). */
export function startServedNode(plan: NodePlan, context: NodeRunContext & { board: Board; at?: NodeAddress }): Promise<StartedNode> {
  if (plan.entry.role !== 'server') throw new Error(`${plan.name} is not a served sketch`);
  const address = context.at ?? plan.address!;
  return startNode({
    sketch: plan.entry.sketch,
    name: plan.name,
    options: plan.options,
    board: context.board,
    directory: context.directory,
    host: address.host,
    port: address.port,
    reporter: context.reporter,
    peers: context.peers,
  });
}

/** Runs a planned clock: it finds its target through the directory on every (re)connect. */
export function runClockNode(
  plan: NodePlan,
  context: Omit<NodeRunContext, 'peers'> & { signal?: AbortSignal; link?: PeerLinkOptions; at?: NodeAddress },
): Promise<TickResult[]> {
  const settings = plan.options as ClockSettings;
  const locate = async () => nodeUrl(context.at ?? (await context.directory.resolve(settings.target)), settings.channel);
  return runClock({
    name: plan.name,
    target: settings.target,
    url: locate,
    ticks: settings.ticks,
    delay: settings.delay,
    reporter: context.reporter,
    signal: context.signal,
    link: context.link,
  });
}
