import { z } from 'zod';
import type { PinMode } from '../boards/capabilities.js';
import { unoPinModes } from '../boards/uno-pins.js';

const UNO_PINS = Array.from({ length: 20 }, (_, pin) => pin);

/** The Uno's pins that can be used as `mode`, e.g. PWM: 3, 5, 6, 9, 10, 11. */
export function unoPinsFor(mode: PinMode): number[] {
  return UNO_PINS.filter((pin) => unoPinModes(pin).includes(mode));
}

/**
 * A sketch option that names a pin used as `mode`: checked against what an Uno's pin can do when
 * the option is parsed (a flag or the circuit file), with the pins that would do in the message.
 * Its `.meta({ pinMode })` lets the circuit check that no pin is used twice on one board.
 */
export function pinOption(mode: PinMode, fallback: number, description: string) {
  const valid = unoPinsFor(mode);
  return z
    .number()
    .int()
    .min(0)
    .max(19)
    .refine((pin) => valid.includes(pin), { error: (issue) => `pin ${String(issue.input)} cannot be used as ${mode} on an Uno: choose ${listed(valid)}` })
    .default(fallback)
    .describe(description)
    .meta({ placeholder: 'pin', pinMode: mode });
}

/** The options of a schema that name pins, with the mode each is used as. */
export function pinOptionModes(options: z.ZodObject): Array<{ key: string; mode: PinMode }> {
  return Object.entries(options.shape).flatMap(([key, schema]) => {
    const mode = (schema as { meta(): { pinMode?: PinMode } | undefined }).meta()?.pinMode;
    return mode ? [{ key, mode }] : [];
  });
}

/** 3, 5, 6, 9, 10 or 11 */
function listed(pins: number[]): string {
  return pins.length > 1 ? `${pins.slice(0, -1).join(', ')} or ${pins.at(-1)}` : String(pins[0]);
}
