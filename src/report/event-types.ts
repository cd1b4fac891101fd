/**
 * Every event pinmesh reports, with its fields: one discriminated union (on `event`) that the JSON
 * output, the human output, the tests and the live view all read.
 *
 * The catalogue is open. pinmesh's own events are `CoreEvents` (their human lines are in
 * core-event-lines.ts, the compiler asks for each); a module's own events join `EventCatalog` by
 * declaration merging, beside the code that reports them, with their human lines given to
 * `defineEvents` (event-lines.ts): the article's sketches do (src/sketches/*-events.ts), the
 * devices do (src/devices/*-events.ts), and a user's sketch does the same through
 * `declare module 'pinmesh'`.
 */
import type { BoardIdentity, ObservationSource } from './board-observations.js';

/** Where an `error` came from, so its human line can say so. */
export type ErrorScope = 'server' | 'handshake' | 'connection' | 'loop' | 'clock' | 'command';

/** pinmesh's own events: the board, nodes and their connections, security, limits, the fleet, logs, errors. */
export interface CoreEvents {
  // The board (reported by the command that owns it, as node "board").
  /** Connecting to the board, and what that involves (said when it takes a while). */
  connecting: { kind: string; port: string; hint: string };
  /** The board answered and is usable. */
  board: BoardIdentity;
  /** The board is back after it was lost. */
  online: BoardIdentity;
  /** The link to the board is gone; writes fail until `online`. */
  offline: { reason: string };
  /**
   * The board released. `outputs`: `low`, every output driven LOW (the fail-safe), or `unreachable`,
   * the board was offline so nothing could be driven (absent in older recordings: `low`).
   * `piezo`: a piezo was silenced with them (absent in older recordings, which said one was).
   */
  closed: { kind: string; outputs?: 'low' | 'unreachable'; piezo?: boolean };
  /** Something the person should hear about: an output that could not be made safe, a node serving beyond loopback without TLS (`code` "no-tls"), a board driven as another than its firmware reports (`code` "other-board"). */
  warning: { warning: string; code?: string; host?: string };

  // Nodes.
  listening: { host: string; port: number; url: string };
  connected: { channel: string; remote?: string };
  /**
   * The node answered a frame on `channel` (every frame gets one reply): `ok` false when the reply
   * is an `error: …` reply. No human line (the sketch's own events say what happened); in the JSON
   * output, and what the live view counts as answered.
   */
  replied: { channel: string; ok: boolean };
  disconnected: { channel: string; code: number };
  /**
   * A client was refused before the upgrade: 403 for a web page's origin that is not allowed, 401
   * for a missing or wrong token (`failures` so far from that address, `delay` it was held in ms),
   * 429 while an address that kept failing is slowed down. Never carries the token. `advice`
   * replaces the default hint of the human line (the live view's refusals have their own).
   */
  auth: { remote: string; status: 401 | 403 | 429; reason: 'origin' | 'host' | 'missing token' | 'wrong token' | 'throttled'; origin?: string; host?: string; failures?: number; delay?: number; advice?: string };
  /**
   * A limit was reached: too many clients (`connections`), or from one address
   * (`connections-per-address`); too many frames waiting on one connection (`queued`); a client
   * closed after `max` ms without sending anything (`idle`).
   */
  limit:
    | { limit: 'connections' | 'connections-per-address'; max: number; remote: string }
    | { limit: 'queued' | 'idle'; max: number; remote: string; channel: string };
  /** Waiting for a peer to answer: `url`, `attempt` and `reason` while retrying a connection. */
  waiting: { peer: string; url?: string; attempt?: number; reason?: string };

  // The fleet (an MQTT broker; src/fleet/).
  /**
   * The node's link to the broker: `connected`, `lost` (it serves on with the addresses it knows),
   * `unreachable` (retrying), `refused` (the login, after the node started: tried again every 30 s; `reason` says what to check).
   */
  broker: { broker: string; state: 'connected' | 'lost' | 'unreachable' | 'refused'; reason?: string };
  /** The node announced itself (retained, under `topic`): on every connection to the broker. */
  announced: { topic: string; url?: string };
  /** The directory found a peer at an address it was not at before: first found, or moved (`previous`). */
  found: { peer: string; url: string; previous?: string };

  // Observations, attributed to the node that claimed the pin.
  /** A digital pin changed level. `at`: epoch ms for `host`, simulated ms for `mcu`. */
  pin: { pin: number; value: 0 | 1; at: number; source: ObservationSource };
  /** Any other PWM output changed duty (0–255), with its frequency where the board can tell. */
  pwm: { pin: number; duty: number; frequency?: number; at: number; source: ObservationSource };
  /** An input reported: a digital level that changed, or an analog reading (0–1023). */
  /** `unchanged`: an analog reading the same as the one before (the board reports one every interval); it has no human line. */
  input: { pin: number; mode: 'digital' | 'analog'; value: number; at: number; source: ObservationSource; unchanged?: true };
  /** A servo's pulses command another angle (with the pulse width where measured), or stopped (no `degrees`: detached). */
  servo: { pin: number; degrees?: number; pulseUs?: number; at: number; source: ObservationSource };

  // The simulated Uno's keys and serial port.
  /** The terminal's keys press the simulated button on `pin` (only when stdin is a terminal: `tty`). */
  keys: { pin: number; tty: boolean };
  /** The simulated Uno is on a serial port: `path` (stable; a link to `pty`), for `--board uno --serial-port PATH`; `board` "mega" for the simulated Mega (`--board mega`). */
  /** `bootloader`: a bootloader runs at reset, so `pinmesh flash` (or avrdude) can write to it. */
  serial: { path: string; pty: string; board?: string; bootloader?: boolean };
  /** A client `opened` the serial port (the simulated Uno resets, as DTR resets a real Uno) or `closed` it; `board` "mega" for the simulated Mega. */
  client: { action: 'opened' | 'closed'; path: string; board?: string };
  /** The simulated Uno is on a TCP port (`pinmesh sim --tcp`): Firmata over TCP at `url` (tcp://HOST:PORT), for `--board URL`. */
  tcp: { url: string; board?: string };
  /** A client connected to the TCP port from `remote` (the simulated Uno resets), went away, or was `refused` (one client at a time). */
  'tcp-client': { action: 'opened' | 'closed' | 'refused'; remote: string; board?: string };

  // The live view (`--view`).
  /** The live view's page is served at `url` (no secret in it); `signIn` when the page needs the mesh token or the one-time link printed on stderr. */
  view: { url: string; signIn: boolean };

  // Anything.
  /** A line of a sketch's own (`this.out(text)`). */
  log: { text: string };
  /** Something failed: `error` says what. A refused tick carries `tick` and the `reply`. */
  /** `at`: where a sketch's loop() threw, in its own file (`lamp.ts:12:9`). */
  error: { error: string; scope: ErrorScope; channel?: string; message?: string; tick?: number; reply?: string; at?: string };
  /** The person asked the command to stop; `outputs`: it has a board there whose outputs it now drives LOW (a clock or a replay has none; a board offline by then takes no writes). */
  stopping: { signal: string; outputs?: boolean };
}

/**
 * Every event: pinmesh's own, and those that modules and sketches add by declaration merging:
 *
 * ```ts
 * declare module 'pinmesh' {
 *   interface EventCatalog {
 *     blinked: { pin: number; on: boolean };
 *   }
 * }
 * ```
 */
export interface EventCatalog extends CoreEvents {}

export type EventName = keyof EventCatalog;

export type CoreEventName = keyof CoreEvents;

/** One event as a node reports it: its name and its fields. */
export type PinmeshEvent = { [K in EventName]: { event: K } & EventCatalog[K] }[EventName];

/** The fields of the event named `K`. */
export type EventOf<K extends EventName> = Extract<PinmeshEvent, { event: K }>;

/** An event as it is written out: which node reported it and when (ISO 8601), plus its fields. */
export type NodeEvent = PinmeshEvent & { node: string; time: string };

/** The human line of one event, in the article's style (the `[ node ]` prefix is the sink's); undefined: the event has none. */
export type EventLine<K extends EventName> = (event: EventOf<K>) => string | undefined;

/** Human lines for some events of the catalogue, by event name. */
export type EventLines = { readonly [K in EventName]?: EventLine<K> };
