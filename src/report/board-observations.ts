/**
 * What a board says about itself and what it observes on its pins, as pinmesh reports it: the
 * vocabulary the event catalogue is written in. It lives here, below every room that reports,
 * so the catalogue names no room above it; src/boards/board.ts re-exports it for the boards.
 */
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
  /**
   * Which board it is, from the pins its firmware reported: "uno", "nano" or "mega" (the mock board
   * is Uno-shaped). Absent when the count fits no board pinmesh knows by name (probe's guess).
   */
  board?: string;
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
