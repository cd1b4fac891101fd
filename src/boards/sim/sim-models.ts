/**
 * The boards the simulator can be: the Uno (an ATmega328P, the default) and the Mega 2560 (an
 * ATmega2560), each with its chip as avr8js runs it and the StandardFirmata build it runs by
 * default (firmware/firmware.json, firmware/firmware-mega.json).
 */
import { join } from 'node:path';
import { readFirmwareManifest } from '../../firmware/firmware-manifest.js';
import { packageRoot } from '../../package-root.js';
import { ATMEGA2560_MEGA } from './atmega2560-mega.js';
import { ATMEGA328P_UNO, type McuConfig } from './mcu.js';

export type SimModelName = 'uno' | 'mega';

export interface SimModel {
  /** What --board names it by ("mega"), and its firmware manifest's key. */
  readonly name: SimModelName;
  /** "Uno", in "the simulated Uno". */
  readonly title: string;
  readonly mcu: McuConfig;
}

export const SIM_UNO: SimModel = { name: 'uno', title: 'Uno', mcu: ATMEGA328P_UNO };
export const SIM_MEGA: SimModel = { name: 'mega', title: 'Mega', mcu: ATMEGA2560_MEGA };

export const SIM_MODELS: readonly SimModel[] = [SIM_UNO, SIM_MEGA];

/** The StandardFirmata hex the model runs by default: its manifest's file in the package's firmware/ folder. */
export function modelFirmwarePath(model: SimModel, root: string = packageRoot()): string {
  return join(root, 'firmware', readFirmwareManifest(root, model.name).file);
}
