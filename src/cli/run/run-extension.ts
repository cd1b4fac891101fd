import type { Command } from 'commander';
import type { Board } from '../../boards/board.js';
import type { Circuit } from '../../mesh/circuit.js';
import type { Directory } from '../../mesh/directory.js';
import type { NodePlan } from '../../sketches/node-plan.js';
import type { StartedNode } from '../../runtime/start-node.js';
import type { NodeSecurity } from '../../security/node-security.js';
import type { Credentials } from '../../security/peer-credentials.js';
import type { ClockPace } from '../../sketches/clock.js';
import type { BoardOptions, PeerOptions } from '../common-options.js';
import type { ClientSecurityFlags } from '../security-options.js';
import type { Session } from '../session.js';

/**
 * A capability that the commands running nodes may offer (the live view, the fleet, key presses):
 * its flags, and its part in each run. A command lists the extensions it offers; the run calls
 * them at each moment, in that order. A new capability is a new extension beside these, and a
 * command offers it by naming it in its list.
 */
export interface RunExtension<Flags = unknown> {
  /** Adds the extension's flags to a command. */
  options?: (command: Command) => void;
  /** Takes part in one run as its flags say: its hooks, or none when they leave it off. May refuse them (a UserError). */
  join: (run: RunSetup<Flags>) => Promise<RunHooks | undefined> | RunHooks | undefined;
}

/** What an extension knows of a run when it joins it: nothing is planned yet. */
export interface RunSetup<Flags> {
  session: Session;
  flags: Flags;
  /** The circuit as loaded (its file may name a broker). */
  circuit: Circuit;
  /** Who this process is to others ("circuit", or the one node it serves). */
  as: string;
}

/**
 * The moments of a run, in the order they come. Every hook is optional. Those that tell the run
 * something (listenHost, directory, clockPace) are asked in the order the extensions are listed,
 * and the first answer counts.
 */
export interface RunHooks {
  /** Where a node listens when neither its flags nor the circuit file say (in a fleet: towards the broker). */
  listenHost?(): Promise<string>;
  /** How the run's nodes find each other, instead of the circuit's addresses. */
  directory?(plan: RunPlan): Directory;
  /** Everything is planned and safe to listen, nothing is opened: may still refuse, or start what must see the boards come. */
  beforeBoards?(plan: RunPlan): Promise<void>;
  /** A board the run opened (once each), before any node drives it. */
  boardOpened?(board: Board): void;
  /** A served node listens. */
  nodeStarted?(node: RunNode): Promise<void>;
  /** The clocks are about to tick, all of them before any does. */
  clocksStarting?(clocks: RunClock[]): Promise<void>;
  /** The pace of the timed clocks (asked once they are starting). */
  clockPace?(): ClockPace;
  /** One clock starts now; `board` is the one it reads, if it reads one (the button). */
  clockStarting?(clock: RunClock, board: Board | undefined): void;
  /** The run's work is done: may keep the command open until the person stops it. */
  finished?(): Promise<void>;
}

/** The run as the command planned it. */
export interface RunPlan {
  /** The circuit as the run sees it (its own nodes marked): where nodes are, what the view draws. */
  circuit: Circuit;
  /** Every node the run starts: served nodes and clocks. */
  plans: NodePlan[];
  /** What this process presents to the nodes it connects to: its token, a CA. */
  credentials: Credentials;
  /** A circuit file was given: its addresses count besides the broker's. */
  fileGiven: boolean;
  /** A served node's security, as the circuit completes it (none: loopback only, default limits). */
  security?(name: string): NodeSecurity;
  /** The sketch's name as others are told it ("iopin", "blink.ts"); the node's name by default. */
  sketchName?(plan: NodePlan): string;
  /** The command's own say over where nodes are (the clock's -s/-p), over whichever directory the run uses. */
  addresses?(directory: Directory): Directory;
}

/** A served node once it listens. */
export interface RunNode {
  name: string;
  sketchName: string;
  node: StartedNode;
  board: Board;
  security: NodeSecurity;
}

/** A clock of the run. */
export interface RunClock {
  name: string;
  sketchName: string;
  plan: NodePlan;
}

/** Adds the flags of each extension, in the order listed. */
export function addExtensionOptions<Flags>(command: Command, extensions: readonly RunExtension<Flags>[]): Command {
  for (const extension of extensions) extension.options?.(command);
  return command;
}

/** The flags the run itself reads: how long to wait for peers, the credentials, the board (when the command drives one). */
export type RunFlags = PeerOptions & ClientSecurityFlags & Partial<BoardOptions>;

export interface CommandRunSetup<Flags> extends RunSetup<Flags> {
  command: Command;
}
