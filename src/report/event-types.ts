/**
 * Every event pinmesh reports, with its fields: one discriminated union (on `event`) that the JSON
 * output, the human output, the tests and the live view all read. A new event is one new entry in
 * `EventCatalog` and one new line in `human-line.ts` (the compiler asks for it).
 */
import type { BoardIdentity, ObservationSource } from '../boards/board.js';

/** Where an `error` came from, so its human line can say so. */
export type ErrorScope = 'server' | 'handshake' | 'connection' | 'loop' | 'clock' | 'command';

export interface EventCatalog {
  // The board (reported by the command that owns it, as node "board").
  /** Connecting to the board, and what that involves (said when it takes a while). */
  connecting: { kind: string; port: string; hint: string };
  /** The board answered and is usable. */
  board: BoardIdentity;
  /** The board is back after it was lost. */
  online: BoardIdentity;
  /** The link to the board is gone; writes fail until `online`. */
  offline: { reason: string };
  /** Outputs driven LOW, piezo silent, board released. */
  closed: { kind: string };
  /** Something the person should hear about: an output that could not be made safe, a node serving beyond loopback without TLS (`code` "no-tls"). */
  warning: { warning: string; code?: string; host?: string };

  // Nodes.
  listening: { host: string; port: number; url: string };
  connected: { channel: string; remote?: string };
  disconnected: { channel: string; code: number };
  /**
   * A client was refused before the upgrade: 403 for a web page's origin that is not allowed, 401
   * for a missing or wrong token (`failures` so far from that address, `delay` it was held in ms),
   * 429 while an address that kept failing is slowed down. Never carries the token. `advice`
   * replaces the default hint of the human line (the live view's refusals have their own).
   */
  auth: { remote: string; status: 401 | 403 | 429; reason: 'origin' | 'missing token' | 'wrong token' | 'throttled'; origin?: string; failures?: number; delay?: number; advice?: string };
  /** A limit was reached: too many clients (`connections`), or too many frames waiting on one connection (`queued`). */
  limit: { limit: 'connections'; max: number; remote: string } | { limit: 'queued'; max: number; remote: string; channel: string };
  /** Waiting for a peer to answer: `url`, `attempt` and `reason` while retrying a connection. */
  waiting: { peer: string; url?: string; attempt?: number; reason?: string };

  // The fleet (an MQTT broker; src/fleet/).
  /** The node's link to the broker: `connected`, `lost` (it serves on with the addresses it knows), `unreachable` (retrying). */
  broker: { broker: string; state: 'connected' | 'lost' | 'unreachable'; reason?: string };
  /** The node announced itself (retained, under `topic`): on every connection to the broker. */
  announced: { topic: string; url?: string };
  /** The directory found a peer at an address it was not at before: first found, or moved (`previous`). */
  found: { peer: string; url: string; previous?: string };

  // Observations, attributed to the node that claimed the pin.
  /** A digital pin changed level. `at`: epoch ms for `host`, simulated ms for `mcu`. */
  pin: { pin: number; value: 0 | 1; at: number; source: ObservationSource };
  /** A piezo started or stopped sounding, with its frequency when measured on the MCU. */
  buzz: { pin: number; on: boolean; frequency?: number; at: number; source: ObservationSource };
  /** Any other PWM output changed duty (0–255), with its frequency where the board can tell. */
  pwm: { pin: number; duty: number; frequency?: number; at: number; source: ObservationSource };
  /** An input reported: a digital level that changed, or an analog reading (0–1023). */
  input: { pin: number; mode: 'digital' | 'analog'; value: number; at: number; source: ObservationSource };
  /** A servo's pulses command another angle (with the pulse width where measured), or stopped (no `degrees`: detached). */
  servo: { pin: number; degrees?: number; pulseUs?: number; at: number; source: ObservationSource };

  // Devices' own events.
  /** A button was pressed or released, debounced. `at`: when its input showed the level. */
  button: { pin: number; pressed: boolean; at: number; source: ObservationSource };

  // The article's sketches.
  /** The clock sent a tick (`tick`, `target`), or the iopin received one (`channel`, `message`, `bits`). */
  tick: { tick: number; target: string } | { channel: string; message: string; bits: Array<0 | 1> };
  /** The iopin drew its bits for a tick. */
  bits: { bits: Array<0 | 1> };
  /** The clock's tick was acknowledged (`tick`, `reply`), or the iopin's peer acked a bit (`peer`, `message`, `reply`). */
  ack: { tick: number; reply: string } | { peer: string; message: string; reply: string };
  /** The buzzer received a signal and answered it. */
  signal: { channel: string; signal: string; reply: string };
  /** A button clock is ready: each press of the button on `pin` ticks `target` (`presses` of them; 0: until stopped). */
  armed: { pin: number; target: string; presses: number };
  /** The terminal's keys press the simulated button on `pin` (only when stdin is a terminal: `tty`). */
  keys: { pin: number; tty: boolean };
  /** The simulated Uno is on a serial port: `path` (stable; a link to `pty`), for `--board uno --serial-port PATH`. */
  serial: { path: string; pty: string };
  /** A client `opened` the serial port (the simulated Uno resets, as DTR resets a real Uno) or `closed` it. */
  client: { action: 'opened' | 'closed'; path: string };
  /** The clock is done: `acked` of `ticks` were acknowledged. */
  done: { acked: number; ticks: number };

  // The live view (`--view`).
  /** The live view's page is served at `url` (no secret in it); `signIn` when the page needs the mesh token or the one-time link printed on stderr. */
  view: { url: string; signIn: boolean };

  // Anything.
  /** A line of a sketch's own (`this.out(text)`). */
  log: { text: string };
  /** Something failed: `error` says what. A refused tick carries `tick` and the `reply`. */
  error: { error: string; scope: ErrorScope; channel?: string; message?: string; tick?: number; reply?: string };
  /** The person asked the command to stop. */
  stopping: { signal: string };
}

export type EventName = keyof EventCatalog;

/** One event as a node reports it: its name and its fields. */
export type PinmeshEvent = { [K in EventName]: { event: K } & EventCatalog[K] }[EventName];

/** The fields of the event named `K`. */
export type EventOf<K extends EventName> = Extract<PinmeshEvent, { event: K }>;

/** An event as it is written out: which node reported it and when (ISO 8601), plus its fields. */
export type NodeEvent = PinmeshEvent & { node: string; time: string };
