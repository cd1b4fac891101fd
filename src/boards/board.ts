/**
 * The board layer: a connection to a board (is it there, what firmware, let it go) that offers
 * pin capabilities (capabilities.ts). A board knows pins, never devices: LEDs, piezos and buttons
 * are written once on the capabilities, in src/devices/.
 *
 * Implementations: the mock board (memory), and FirmataBoard (StandardFirmata through johnny-five
 * over a byte transport: the simulated Uno, or a real Uno on a serial port).
 */
import type { AnalogReader, DigitalReader, DigitalWriter, PinCapabilities, PwmWriter, ServoWriter } from './capabilities.js';

export type { AnalogReader, DigitalReader, DigitalWriter, PinCapabilities, PinMode, PwmWriter, ServoWriter } from './capabilities.js';

/** What the firmware said about itself when the board became ready. */
export interface BoardIdentity {
  /** 'mock', 'sim' or 'uno'. */
  kind: string;
  /** Firmware name as the firmware sent it, e.g. "StandardFirmata.ino". */
  firmware: string;
  /** Firmware version as the firmware sent it, e.g. "2.5". */
  version: string;
  /** Where the board is: a serial port path, "simulated ATmega328P", "memory". */
  port: string;
}

/** Where an observation comes from: what the host wrote, or what the MCU's own pin did. */
export type ObservationSource = 'host' | 'mcu';

/** A digital output was driven to a level (every write, even one that keeps the level). */
export interface PinObservation {
  pin: number;
  value: 0 | 1;
  /** Milliseconds: wall-clock for host observations, simulated MCU time for 'mcu'. */
  at: number;
  source: ObservationSource;
}

/**
 * A PWM output changed duty (0 = LOW, 255 = HIGH, in between: the timer drives the pin). Unlike a
 * digital write, a PWM write that keeps the duty is not observed again: a PWM output is a state
 * (a tone that starts and stops), as the piezo's `buzz` events have always been on the MCU.
 */
export interface PwmObservation {
  pin: number;
  duty: number;
  /** The PWM frequency in Hz, where the board can tell (the simulated Uno: from the timer's registers). */
  frequency?: number;
  at: number;
  source: ObservationSource;
}

/**
 * A servo's signal changed: its pulses command another angle, or they stopped (no `degrees`: the
 * servo is detached and holds no position). Like PWM, a state: a write that keeps the angle is
 * not observed again.
 */
export interface ServoObservation {
  pin: number;
  /** The angle the pulses command, 0–180; absent once the pin sends no pulses. */
  degrees?: number;
  /** The pulse width in µs, where the board measures it (the simulated Uno: on the MCU's pin). */
  pulseUs?: number;
  at: number;
  source: ObservationSource;
}

/** An input reported a value: a digital level that changed, or an analog reading (0–1023). */
export interface InputObservation {
  pin: number;
  mode: 'digital' | 'analog';
  value: number;
  at: number;
  source: ObservationSource;
}

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
  readonly connectHint?: string;
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
