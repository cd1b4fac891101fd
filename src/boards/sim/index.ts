export { SimulatedUno } from './simulated-uno.js';
export type { BootInfo, SimulatedUnoEvents, SimulatedUnoOptions, SimulatedUnoStats } from './simulated-uno.js';
export { ATMEGA328P_UNO, Mcu } from './mcu.js';
export type { McuConfig, PortName } from './mcu.js';
