import { option } from '../schema.js';
import * as z from '../zod.js';
import type { PinMode } from '../boards/capabilities.js';

export { pinOptionModes } from '../runtime/pin-options.js';

/** Firmata numbers a board's pins 0–127 (a Mega has 70). */
const HIGHEST_PIN = 127;

/**
 * A sketch option that names a pin used as `mode`. Only its number is checked when the option is
 * parsed (a flag or the circuit file): what the pin can do is the connected board's to say, checked
 * against its capability report when the node starts (runtime/pin-options.ts:checkPinOptions).
 * Its `.meta({ pinMode })` lets the circuit check that no pin is used twice on one board.
 */
export function pinOption(mode: PinMode, fallback: number, description: string) {
  return option(z.number().check(z.int(), z.minimum(0), z.maximum(HIGHEST_PIN)), fallback, description, { placeholder: 'pin', pinMode: mode });
}
