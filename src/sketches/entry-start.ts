import type { Board } from '../boards/board.js';
import type { Reporter } from '../report/events.js';
import type { Clock } from '../time/clock.js';
import type { RandomSource } from '../time/seeded-random.js';
import type { NodeSecurity } from '../security/node-security.js';
import type { Credentials } from '../security/peer-credentials.js';
import type { PeerLinkOptions } from '../runtime/peer-link.js';
import { peerLink } from '../runtime/peers.js';
import { startNode, type StartedNode, type StartNodeOptions } from '../runtime/start-node.js';
import type { SketchClass } from '../runtime/sketch.js';
import { NodeBoard } from '../runtime/node-board.js';
import { runButtonClock, type ButtonClockSettings } from './button-clock.js';
import { runClock, type ClockPace, type ClockSettings } from './clock.js';
import type { ClockSummary } from './tick-tally.js';

/** Where nodes are found (the circuit file, or a broker): the runtime's Directory, named without sketches/ importing mesh/. */
type Directory = StartNodeOptions['directory'];

/** A planned node as its sketch needs it to start: its name, its checked options, where it listens. */
export interface NodeToStart {
  name: string;
  options: Record<string, unknown>;
  /** Where it listens (a served sketch needs one). */
  address?: { host: string; port: number } | undefined;
}

/** What every node is given by the run that starts it. */
export interface StartContext {
  directory: Directory;
  reporter: Reporter;
  peers?: PeerLinkOptions;
  /** What this process presents to the nodes it connects to: the token (to nodes that want it), a CA. */
  credentials?: Credentials;
  /** The run's time (default: the wall's) and its random choices (default: Math.random). */
  clock?: Clock;
  random?: RandomSource;
}

/** What a served sketch is given: its board, and how it protects itself. */
export interface ServeContext extends StartContext {
  board: Board;
  security?: NodeSecurity;
}

/** What a clock is given: when to stop, its pace, and the run's board should it read one. */
export interface ClockContext extends StartContext {
  signal?: AbortSignal;
  pace?: ClockPace;
  /** Opens the board the clock's node names (shared with the run's nodes). Only a clock that reads a pin asks. */
  board(): Promise<Board>;
  /** The clock is about to tick; `board` is the one it reads, if it reads one. */
  starting(board: Board | undefined): void;
  /** How long its target may take over a tick on purpose (in a circuit: the iopin's holds), on top of the link's reply timeout. */
  targetTakesMs?: number;
}

/** Starts a served sketch as a node: on its board, at its address, protected by `security`. */
export function serveSketchNode(sketch: SketchClass<any>, node: NodeToStart, context: ServeContext): Promise<StartedNode> {
  if (!node.address) throw new Error(`${node.name} serves, so it needs an address`);
  return startNode({
    sketch,
    name: node.name,
    options: node.options,
    board: context.board,
    directory: context.directory,
    host: node.address.host,
    port: node.address.port,
    reporter: context.reporter,
    peers: context.peers,
    security: context.security,
    credentials: context.credentials,
    clock: context.clock,
    random: context.random,
  });
}

/** The clock's link to its target: found through the directory on every (re)connect, with the token when the target wants it. */
function targetLink(settings: { target: string; channel: string; replyWithin: number }, context: ClockContext) {
  // The clock's own wait (--reply-within), and what its target takes on purpose.
  const replyTimeout = settings.replyWithin * 1000 + (context.targetTakesMs ?? 0);
  return (options: PeerLinkOptions) => peerLink(settings.target, settings.channel, context.directory, context.credentials ?? {}, { ...context.peers, replyTimeout, ...options });
}

/** Runs the timed clock of a planned node: it ticks `ticks` times (0: until stopped), `delay` apart (or as `pace` says). */
export function startTimedClock(node: NodeToStart, context: ClockContext): Promise<ClockSummary> {
  const settings = node.options as ClockSettings;
  context.starting(undefined);
  return runClock({
    name: node.name,
    target: settings.target,
    connect: targetLink(settings, context),
    ticks: settings.ticks,
    delay: settings.delay,
    reporter: context.reporter,
    signal: context.signal,
    pace: context.pace,
    clock: context.clock,
  });
}

/** Runs the button clock of a planned node: it opens its board first, and claims the button's pin like any node's. */
export async function startButtonClock(node: NodeToStart, context: ClockContext): Promise<ClockSummary> {
  const settings = node.options as ButtonClockSettings;
  const shared = await context.board(); // the button is on the board the nodes share
  context.starting(shared);
  const board = new NodeBoard(shared, node.name, context.reporter, context.clock);
  try {
    return await runButtonClock({
      name: node.name,
      target: settings.target,
      connect: targetLink(settings, context),
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
