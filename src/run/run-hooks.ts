import type { Board } from '../boards/board.js';
import type { Circuit } from '../mesh/circuit.js';
import type { Directory } from '../mesh/directory.js';
import type { NodePlan } from '../sketches/node-plan.js';
import type { StartedNode } from '../runtime/start-node.js';
import type { NodeSecurity } from '../security/node-security.js';
import type { Credentials } from '../security/peer-credentials.js';
import type { ClockPace } from '../sketches/clock.js';

/**
 * The moments of a run, in the order they come: how the live view, the fleet and key presses (or
 * a program's own code) take part in it. Every hook is optional. Those that tell the run something
 * (listenHost, directory, clockPace) are asked in the order the hooks are listed, and the first
 * answer counts.
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
  /** The run's work is done: may keep it open until it is stopped. */
  finished?(): Promise<void>;
}

/** The run as planned. */
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
  /** The caller's own say over where nodes are (the clock's -s/-p), over whichever directory the run uses. */
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
