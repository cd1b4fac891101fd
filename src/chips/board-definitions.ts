/**
 * The Arduino boards pinmesh knows by name, as data: their chip, their pins as StandardFirmata
 * numbers them, where the LED and a piezo go, and how their bootloader is spoken to. A board's
 * pins here are only the offline default, what a check uses before the board is open: once it is,
 * its own capability report decides (src/boards/firmata/firmata-modes.ts).
 */
import type { AvrChip } from './avr-chip.js';
import { ATMEGA2560 } from './atmega2560.js';
import { ATMEGA328P } from './atmega328p.js';

/** How the bootloader is spoken to: STK500v1 (avrdude's `-c arduino`) or STK500v2 (`-c wiring`). */
export type FlashProtocol = 'stk500v1' | 'stk500v2';

export interface BoardDefinition {
  /** What --board takes: "uno". */
  readonly name: 'uno' | 'nano' | 'mega';
  /** "Arduino Uno" */
  readonly title: string;
  readonly chip: AvrChip;
  /** Pins 0 … pinCount-1, as Firmata numbers them (the analog inputs follow the digital pins). */
  readonly pinCount: number;
  /** The serial line StandardFirmata talks on: no other use. */
  readonly serialPins: readonly number[];
  readonly pwmPins: readonly number[];
  /** The analog inputs in channel order: analogPins[0] is A0. */
  readonly analogPins: readonly number[];
  /** Analog inputs that are nothing else (a Nano's A6/A7): no digital, no servo. */
  readonly analogOnlyPins: readonly number[];
  /** SDA and SCL. */
  readonly i2cPins: readonly number[];
  /** The on-board LED. */
  readonly ledPin: number;
  /** The PWM pin the piezo goes on (and its timer, for the docs). */
  readonly piezo: { readonly pin: number; readonly timer: string };
  /** The bootloader's baud rate and protocol (`pinmesh flash`); older bootloaders of the same board may differ. */
  readonly bootloader: { readonly baudRate: number; readonly protocol: FlashProtocol; readonly olderBaudRates?: readonly number[] };
  /** Which StandardFirmata build it runs: the key of its manifest in firmware/ (firmware-manifest.ts). */
  readonly firmware: string;
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

export const UNO: BoardDefinition = {
  name: 'uno',
  title: 'Arduino Uno',
  chip: ATMEGA328P,
  pinCount: 20,
  serialPins: [0, 1],
  pwmPins: [3, 5, 6, 9, 10, 11],
  analogPins: range(14, 19),
  analogOnlyPins: [],
  i2cPins: [18, 19],
  ledPin: 13,
  piezo: { pin: 3, timer: 'Timer2' },
  bootloader: { baudRate: 115_200, protocol: 'stk500v1' },
  firmware: 'uno',
};

/** The Uno's chip on a smaller board: two more analog inputs (A6/A7, analog only), ATmegaBOOT at 57600 baud. */
export const NANO: BoardDefinition = {
  ...UNO,
  name: 'nano',
  title: 'Arduino Nano',
  pinCount: 22,
  analogPins: range(14, 21),
  analogOnlyPins: [20, 21],
  bootloader: { baudRate: 57_600, protocol: 'stk500v1', olderBaudRates: [115_200] },
  firmware: 'nano',
};

/** 54 digital pins, 16 analog inputs (A0–A15 = 54–69), PWM on 2–13 and 44–46, I2C on 20/21. */
export const MEGA: BoardDefinition = {
  name: 'mega',
  title: 'Arduino Mega 2560',
  chip: ATMEGA2560,
  pinCount: 70,
  serialPins: [0, 1],
  pwmPins: [...range(2, 13), 44, 45, 46],
  analogPins: range(54, 69),
  analogOnlyPins: [],
  i2cPins: [20, 21],
  ledPin: 13,
  piezo: { pin: 3, timer: 'Timer3' },
  bootloader: { baudRate: 115_200, protocol: 'stk500v2' },
  firmware: 'mega',
};

export const BOARD_DEFINITIONS: readonly BoardDefinition[] = [UNO, NANO, MEGA];

/** The definition --board NAME names, if any. */
export function boardDefinition(name: string): BoardDefinition | undefined {
  return BOARD_DEFINITIONS.find((definition) => definition.name === name);
}

/**
 * What a board probably is, from how many pins its firmware reported (StandardFirmata's
 * TOTAL_PINS): the boards of this file with that count, or none. A guess: a Pro Mini reports what
 * an Uno does, a Mega ADK what a Mega does.
 */
export function boardsWithPinCount(pins: number): BoardDefinition[] {
  return BOARD_DEFINITIONS.filter((definition) => definition.pinCount === pins);
}

/** The board a pin count names, when exactly one board of this file has it (a board identity's `board`). */
export function boardWithPinCount(pins: number): BoardDefinition | undefined {
  const [only, ...others] = boardsWithPinCount(pins);
  return others.length === 0 ? only : undefined;
}
