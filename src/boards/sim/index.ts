export { SimulatedUno } from './simulated-uno.js';
export type { BootInfo, SimulatedUnoEvents, SimulatedUnoOptions, SimulatedUnoStats } from './simulated-uno.js';
export type { ToneObservation } from './pin-watch.js';
export type { PwmState } from './pwm-watch.js';
export type { DrivenLevel } from './pin-drive.js';
export { ATMEGA328P_UNO, Mcu } from './mcu.js';
export type { McuConfig, PortName } from './mcu.js';
export { ServoWatch } from './servo-watch.js';
export type { ServoState, ServoWatchEvents } from './servo-watch.js';
