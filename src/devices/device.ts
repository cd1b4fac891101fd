import type { PinMode } from '../boards/capabilities.js';

/** What a device takes of a pin: the mode it needs, and what it is (for reports and conflict messages). */
export interface DeviceClaim {
  /** 'led', 'piezo', … */
  readonly use: string;
  readonly mode: PinMode;
}

/**
 * A device class: built on one capability of a board (e.g. a DigitalWriter) and one pin, and
 * saying what it takes of that pin. A sketch gets one with `this.board.attach(Device, pin)`.
 */
export interface DeviceClass<Capability, Device> {
  readonly claim: DeviceClaim;
  new (board: Capability, pin: number): Device;
}
