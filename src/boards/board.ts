/**
 * The board layer: the one small interface sketches use to touch hardware.
 *
 * Implementations: the mock board (records writes, for unit tests), and the johnny-five board
 * (StandardFirmata over a byte transport: the simulated Uno or a real Uno on a serial port).
 * A sketch never knows which one it has.
 */
import { UserError } from '../errors.js';

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

/** A digital pin changed level. */
export interface PinObservation {
  pin: number;
  value: 0 | 1;
  /** Milliseconds: wall-clock for host observations, simulated MCU time for 'mcu'. */
  at: number;
  source: ObservationSource;
}

/** A piezo started or stopped sounding. */
export interface ToneObservation {
  pin: number;
  on: boolean;
  /** Measured tone frequency in Hz, when the source can measure it. */
  frequency?: number;
  at: number;
  source: ObservationSource;
}

export interface BoardEvents {
  /** The board answered and is usable (again, after a reconnect). */
  online: [identity: BoardIdentity];
  /** The link to the board is gone; writes fail until 'online'. */
  offline: [reason: string];
  pin: [observation: PinObservation];
  tone: [observation: ToneObservation];
  /** Something went wrong that the person should hear about, e.g. an output that could not be made safe. */
  warning: [message: string];
}

/** A digital output (an LED). write() resolves only once the command has reached the board. */
export interface DigitalOutput {
  readonly pin: number;
  write(value: 0 | 1): Promise<void>;
}

/** A piezo switched on (sounding) and off (silent). Resolves once the command reached the board. */
export interface Piezo {
  readonly pin: number;
  on(): Promise<void>;
  off(): Promise<void>;
}

export interface Board {
  readonly kind: string;
  /** True between 'online' and 'offline'. */
  readonly online: boolean;
  /** Resolves with the firmware's identity once the board is usable; rejects with advice if it never is. */
  ready(): Promise<BoardIdentity>;
  digitalOutput(pin: number): DigitalOutput;
  piezo(pin: number): Piezo;
  /** Drives every output this board handed out LOW and silences every piezo, then releases the board. */
  close(): Promise<void>;
  on<E extends keyof BoardEvents>(event: E, listener: (...args: BoardEvents[E]) => void): this;
  off<E extends keyof BoardEvents>(event: E, listener: (...args: BoardEvents[E]) => void): this;
}

/** A write or a connection failed because the board is not reachable: the message says what to check. */
export class BoardOfflineError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'BoardOfflineError';
  }
}
