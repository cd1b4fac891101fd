import type { BoardEvents } from '../boards/board.js';
import type { PinMode } from '../boards/capabilities.js';
import type { EventLines } from '../report/event-lines.js';
import type { PinmeshEvent } from '../report/event-types.js';
import { refuseUnknownOptions } from '../unknown-option.js';

/** What a device takes of a pin: the mode it needs, and what it is (for reports and conflict messages). */
export interface DeviceClaim {
  /** 'led', 'piezo', 'servo', 'button', … */
  readonly use: string;
  readonly mode: PinMode;
}

/**
 * A device class: built on one capability of a board (e.g. a DigitalWriter) and one pin, with
 * options of its own where it has any, and saying what it takes of that pin. A sketch gets one
 * with `this.board.attach(Device, pin, options?)`. A device that reports events of its own
 * declares their lines as its static `events` (see `defineEvents`).
 */
export interface DeviceClass<Capability, Device, Options = never> {
  readonly claim: DeviceClaim;
  readonly events?: EventLines;
  /**
   * The names of the options it takes (none: `[]`): `attach` refuses any other, which would otherwise
   * be ignored without a word (a JavaScript sketch's `{ min: 10, max: 170 }` for a servo's `range`,
   * which then travelled to 180°). A device that does not say is not checked.
   */
  readonly optionNames?: readonly string[];
  new (board: Capability, pin: number, options?: Options): Device;
}

/** Refuses an option `device` does not take (its `optionNames`), with the one a misspelt name was likely meant to be. */
export function checkDeviceOptions(device: { readonly name: string; readonly optionNames?: readonly string[] }, options: unknown): void {
  if (device.optionNames !== undefined) refuseUnknownOptions(device.name, options, device.optionNames);
}

/** A board observation a device can report in its own words. */
export type ObservationKind = Extract<keyof BoardEvents, 'pin' | 'pwm' | 'input' | 'servo'>;

/**
 * A device that reports what it observes: the node it is attached to reports these as its own
 * events (a piezo's `buzz`, a button's `button`). The one way a device reports.
 */
export interface ReportingDevice {
  /**
   * The board's observations on its pin that it reports itself, in its own words (a piezo: its
   * PWM, as `buzz`): the node does not report them again as plain `pwm`, `pin`, … events.
   */
  readonly observes?: readonly ObservationKind[];
  /** Hands each of the device's events to `report` from now on; returns the way to stop. */
  reportTo(report: (event: PinmeshEvent) => void): () => void;
}

/**
 * A device with something of its own running on the board (a button: its listener for inputs and
 * a debounce waiting): the node it is attached to calls `stop()` when it closes, so none of it
 * outlives the node on a board that does.
 */
export interface StoppableDevice {
  stop(): void;
}

export function isStoppableDevice(device: unknown): device is StoppableDevice {
  return typeof (device as Partial<StoppableDevice> | null)?.stop === 'function';
}

export function isReportingDevice(device: unknown): device is ReportingDevice {
  return typeof (device as Partial<ReportingDevice> | null)?.reportTo === 'function';
}
