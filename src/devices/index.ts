/** Devices, each written once on the board capability it needs. */
export type { DeviceClaim, DeviceClass, ObservationKind, ReportingDevice, StoppableDevice } from './device.js';
export { piezoEvents } from './piezo-events.js';
export { buttonEvents } from './button-events.js';
export { Led, type DigitalOutput } from './led.js';
export { Piezo, PIEZO_DUTY } from './piezo.js';
export { Servo, type ServoOptions } from './servo.js';
export { Button, BUTTON_DEBOUNCE_MS, type ButtonChange, type ButtonEvents, type ButtonOptions, type ButtonWiring } from './button.js';
