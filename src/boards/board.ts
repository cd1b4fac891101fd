/**
 * The board layer: a connection to a board (is it there, what firmware, let it go) that offers
 * pin capabilities (capabilities.ts). A board knows pins, never devices: LEDs, piezos and buttons
 * are written once on the capabilities, in src/devices/.
 *
 * Implementations: the mock board (memory), and FirmataBoard (StandardFirmata through johnny-five
 * over a byte transport: the simulated Uno, or a real Uno on a serial port).
 */
import type { BoardIdentity, InputObservation, PinObservation, PwmObservation, ServoObservation } from '../report/board-observations.js';
import type { AnalogReader, DigitalReader, DigitalWriter, PinCapabilities, PwmWriter, ServoWriter } from './capabilities.js';

export type { AnalogReader, DigitalReader, DigitalWriter, PinCapabilities, PinMode, PwmWriter, ServoWriter } from './capabilities.js';

export type { BoardIdentity, InputObservation, ObservationSource, PinObservation, PwmObservation, ServoObservation } from '../report/board-observations.js';

/** What the firmware said about itself when the board became ready: see report/board-observations.ts. */

export interface BoardEvents {
  /** The board answered and is usable (again, after a reconnect). */
  online: [identity: BoardIdentity];
  /** The link to the board is gone; writes fail until 'online'. */
  offline: [reason: string];
  /** Something went wrong that the person should hear about, e.g. an output that could not be made safe. */
  warning: [message: string];
  pin: [observation: PinObservation];
  pwm: [observation: PwmObservation];
  input: [observation: InputObservation];
  servo: [observation: ServoObservation];
}

/** Subscribing to a board's events (its comings and goings, and what it observed on its pins). */
export interface BoardObservable {
  on<E extends keyof BoardEvents>(event: E, listener: (...args: BoardEvents[E]) => void): this;
  off<E extends keyof BoardEvents>(event: E, listener: (...args: BoardEvents[E]) => void): this;
}

/** The connection to one board. */
export interface BoardConnection extends BoardObservable {
  readonly kind: string;
  /** Where the board is, for messages: a serial port path, "simulated ATmega328P", "memory". */
  readonly port: string;
  /** What connecting involves, said while the person waits ("the Uno resets, about 2 s"); none when it is instant. */
  readonly connectHint?: string | undefined;
  /** True between 'online' and 'offline'. */
  readonly online: boolean;
  /** Resolves with the firmware's identity once the board is usable; rejects with advice if it never is. */
  ready(): Promise<BoardIdentity>;
  /**
   * The fail-safe: drives every pin this board drove LOW and every PWM to 0, detaches every servo
   * (its pulses stop, its pin LOW), confirmed, then releases the board. What could not be made safe is reported as a 'warning'.
   */
  close(): Promise<void>;
}

/** A board: its connection and every pin capability. */
export interface Board extends BoardConnection, DigitalWriter, PwmWriter, ServoWriter, DigitalReader, AnalogReader, PinCapabilities {}

/**
 * A write or a connection failed because the board is not reachable: the message says what to
 * check. Not a UserError (a pulled cable is no mistake of the person's), yet no bug of pinmesh's
 * either: the CLI prints it as one line too (src/cli/failure.ts).
 */
export class BoardOfflineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BoardOfflineError';
  }
}
