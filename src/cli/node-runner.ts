import type { Board } from '../boards/board.js';
import type { Directory } from '../mesh/directory.js';
import type { NodePlan } from '../mesh/node-plan.js';
import type { Reporter } from '../report/events.js';
import type { NodeSecurity } from '../security/node-security.js';
import type { Credentials } from '../security/peer-credentials.js';
import type { PeerLinkOptions } from '../runtime/peer-link.js';
import { peerLink } from '../runtime/peers.js';
import { startNode, type StartedNode } from '../runtime/start-node.js';
import { NodeBoard } from '../runtime/node-board.js';
import { runButtonClock, type ButtonClockSettings } from '../sketches/button-clock.js';
import { runClock, type ClockPace, type ClockSettings, type ClockSummary } from '../sketches/clock.js';

export interface NodeRunContext {
  directory: Directory;
  reporter: Reporter;
  peers?: PeerLinkOptions;
  /** What this process presents to the nodes it connects to: the token (to nodes that want it), a CA. */
  credentials?: Credentials;
}

/** Starts a planned server node on its board, at its address, protected by `security`. */
export function startServedNode(plan: NodePlan, context: NodeRunContext & { board: Board; security?: NodeSecurity }): Promise<StartedNode> {
  if (plan.entry.role !== 'server') throw new Error(`${plan.name} is not a served sketch`);
  const address = plan.address!;
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
    security: context.security,
    credentials: context.credentials,
  });
}

/**
 * Runs a planned clock: it finds its target through the directory on every (re)connect, and sends
 * the token when the target wants it.
 */
export function runClockNode(plan: NodePlan, context: NodeRunContext & { signal?: AbortSignal; pace?: ClockPace }): Promise<ClockSummary> {
  const settings = plan.options as ClockSettings;
  const { directory } = context;
  return runClock({
    name: plan.name,
    target: settings.target,
    connect: (options) => peerLink(settings.target, settings.channel, directory, context.credentials ?? {}, { ...context.peers, ...options }),
    ticks: settings.ticks,
    delay: settings.delay,
    reporter: context.reporter,
    signal: context.signal,
    pace: context.pace,
  });
}

/** Runs a planned button clock on `board`: the button's pin is claimed for it like any node's. */
export async function runButtonClockNode(plan: NodePlan, context: NodeRunContext & { board: Board; signal?: AbortSignal }): Promise<ClockSummary> {
  const settings = plan.options as ButtonClockSettings;
  const { directory } = context;
  const board = new NodeBoard(context.board, plan.name, context.reporter);
  try {
    return await runButtonClock({
      name: plan.name,
      target: settings.target,
      connect: (options) => peerLink(settings.target, settings.channel, directory, context.credentials ?? {}, { ...context.peers, ...options }),
      board,
      pin: settings.pin,
      debounceMs: settings.debounce,
      presses: settings.presses,
      reporter: context.reporter,
      signal: context.signal,
    });
  } finally {
    await board.close();
  }
}
