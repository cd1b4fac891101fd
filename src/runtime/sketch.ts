import { inspect } from 'node:util';
import { shownValue } from '../shown-value.js';
import type { NodeBoard } from './node-board.js';
import type { PinmeshEvent, Reporter } from '../report/events.js';
import type { Peers, StreamSource } from './peers.js';
import { wallClock, type Clock } from '../time/clock.js';
import type { RandomSource } from '../time/seeded-random.js';

/** What loop() may return: the one reply to the frame. Nothing means `n/a`, as in the article. */
export type Reply = string | number | boolean | undefined | void;

/** What the runtime hands a sketch: who it is, its board, its peers, where to report. */
export interface SketchContext {
  /** The node's name in the circuit ("iopin", "buzzer", or the user's own). */
  readonly name: string;
  /** The node's view of its board: capabilities, devices on them, and the pins it claimed. */
  readonly board: NodeBoard;
  readonly peers: Peers;
  readonly reporter: Reporter;
  /** The run's time: the wall's, or a test's virtual clock (`pinmesh/testing`). Default: the wall's. */
  readonly clock?: Clock;
  /** The run's random numbers in [0, 1): seeded with --seed, else Math.random. */
  readonly random?: RandomSource;
}

/**
 * An Arduino-style reactive program (the article's FactoryLoop): setup() runs once with the
 * sketch's options, loop() runs for every text frame that arrives on the node's WebSocket server,
 * with the URL path as the channel. Whatever loop() returns is the frame's one reply.
 *
 * ```ts
 * import { Sketch } from 'pinmesh';
 * export default class Echo extends Sketch {
 *   async loop(channel: string, message: string) { return `${channel} said ${message}`; }
 * }
 * ```
 */
export abstract class Sketch<Options = Record<string, unknown>> {
  constructor(protected readonly context: SketchContext) {}

  get name(): string {
    return this.context.name;
  }

  protected get board(): NodeBoard {
    return this.context.board;
  }

  /** Runs once before the node starts listening. Options come from the CLI or the circuit. */
  setup(_options: Options): void | Promise<void> {}

  /** Handles one frame. Throwing replies `error: <message>` (see `errorReply`) and the node carries on. */
  abstract loop(channel: string, message: string): Reply | Promise<Reply>;

  /** Runs once when the node stops, before the board is released. */
  teardown(): void | Promise<void> {}

  /**
   * Sends each message in turn to a peer node of the circuit on a channel, waiting for each ack
   * (the article's `stream`). The connection is kept open for the next call. Returns the acks;
   * `onAck` sees each one as it arrives. The channel defaults to this node's name.
   */
  protected stream(peer: string, messages: StreamSource, channel = this.name, onAck?: (message: string, ack: string) => void): Promise<string[]> {
    return this.context.peers.stream(peer, messages, channel, onAck);
  }

  /** Waits until a peer of the circuit answers (retrying with backoff), e.g. in setup(). */
  protected waitForPeer(peer: string, channel = this.name): Promise<void> {
    return this.context.peers.waitFor(peer, channel);
  }

  /** Whether the link to a peer is open now: no attempt is made (see peerAnswers() for one). */
  protected peerConnected(peer: string, channel = this.name): boolean {
    return this.context.peers.connected(peer, channel);
  }

  /** Whether a peer of the circuit answers now: one attempt, no retries (e.g. to serve on without it). */
  protected peerAnswers(peer: string, channel = this.name): Promise<boolean> {
    return this.context.peers.answers(peer, channel);
  }

  /**
   * Waits `ms` milliseconds of the run's time (Arduino's delay(), without blocking other frames).
   * Use it rather than setTimeout: under `pinmesh/testing` the time is virtual, and a test that
   * waits 10 s of sketch time takes milliseconds.
   */
  protected delay(ms: number, signal?: AbortSignal): Promise<void> {
    // A JavaScript sketch's delay('1s'), delay(NaN) or delay(-5) waited no time at all.
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
      return Promise.reject(new RangeError(`delay() takes a number of milliseconds, 0 or more (1000 for a second), got ${shownValue(ms)}`));
    }
    return (this.context.clock ?? wallClock).sleep(ms, signal);
  }

  /** The run's time in ms (Arduino's millis(), from an arbitrary start): virtual under `pinmesh/testing`. */
  protected millis(): number {
    return (this.context.clock ?? wallClock).now();
  }

  /** A random number in [0, 1), as Math.random, but repeatable: runs with the same --seed draw the same. */
  protected random(): number {
    return (this.context.random ?? Math.random)();
  }

  /**
   * Prints a line for the person watching, prefixed with the node's name (the article's `out`): a `log`
   * event. What is not text (a JavaScript sketch's `out({ pin: 13 })`) is printed as console.log shows
   * it, on one line (`{ pin: 13 }`, not `[object Object]`).
   */
  protected out(text: string): void {
    this.report({ event: 'log', text: typeof text === 'string' ? text : inspect(text, { breakLength: Infinity, depth: 4 }) });
  }

  /**
   * Reports an event of the catalogue as this node's: it reaches `--json`, the human output (its
   * line) and the live view. A sketch declares its own events by declaration merging, and their
   * human lines as its static `events`:
   *
   * ```ts
   * import { Sketch, defineEvents } from 'pinmesh';
   *
   * declare module 'pinmesh' {
   *   interface EventCatalog {
   *     blinked: { pin: number; on: boolean };
   *   }
   * }
   *
   * export default class Blink extends Sketch {
   *   static readonly events = defineEvents({
   *     blinked: (event) => `pin ${event.pin} ${event.on ? 'lit' : 'dark'}`,
   *   });
   *   async loop(channel: string, message: string) {
   *     const on = message === 'on';
   *     await this.board.digitalOutput(13).write(on ? 1 : 0);
   *     this.report({ event: 'blinked', pin: 13, on });
   *     return on ? 'lit' : 'dark';
   *   }
   * }
   * ```
   */
  protected report(event: PinmeshEvent): void {
    this.context.reporter.report(this.name, event);
  }
}

/** A sketch class as the runtime sees it: something it can construct with a context. */
export type SketchClass<Options = Record<string, unknown>> = new (context: SketchContext) => Sketch<Options>;

/**
 * The reply sent for a loop() result, following the article: nothing becomes `n/a`. An object (a
 * JavaScript sketch's, which no type check stopped) is a mistake named as one, not `[object Object]`.
 */
export function replyText(result: Reply): string {
  if (result === undefined || result === null) return 'n/a';
  const kind = typeof result;
  if (kind === 'object' || kind === 'function' || kind === 'symbol') {
    throw new Error(`loop() returned ${Array.isArray(result) ? 'an array' : `a${kind === 'object' ? 'n' : ''} ${kind}`}, not a reply: return a string (JSON.stringify(…) for an object), a number or a boolean`);
  }
  return String(result);
}
