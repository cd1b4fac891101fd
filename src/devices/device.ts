import type { PinMode } from '../boards/capabilities.js';
import type { PinmeshEvent } from '../report/event-types.js';

/** What a device takes of a pin: the mode it needs, and what it is (for reports and conflict messages). */
export interface DeviceClaim {
  /** 'led', 'piezo', 'servo', 'button', … */
  readonly use: string;
  readonly mode: PinMode;
}

/**
 * A device class: built on one capability of a board (e.g. a DigitalWriter) and one pin, with
 * options of its own where it has any, and saying what it takes of that pin. A sketch gets one
 * with `this.board.attach(Device, pin, options?)`.
 */
export interface DeviceClass<Capability, Device, Options = never> {
  readonly claim: DeviceClaim;
  new (board: Capability, pin: number, options?: Options): Device;
}

/**
 * A device that has events of its own beyond what the board observes on its pin (a button's
 * debounced presses): the node it is attached to reports them as its events.
 */
export interface ReportingDevice {
  /** Hands each of the device's events to `report` from now on; returns the way to stop. */
  reportTo(report: (event: PinmeshEvent) => void): () => void;
}

export function isReportingDevice(device: unknown): device is ReportingDevice {
  return typeof (device as Partial<ReportingDevice> | null)?.reportTo === 'function';
}
