import type { ZodObject } from 'zod';
import type { SketchClass } from '../runtime/sketch.js';
import { Buzzer, buzzerOptions } from './buzzer.js';
import { buttonClockOptions } from './button-clock.js';
import { clockOptions } from './clock.js';
import { IOPin, ioPinOptions } from './iopin.js';

/** A sketch served as a node: a WebSocket server whose loop() answers each frame. */
export interface ServedSketchEntry {
  role: 'server';
  summary: string;
  sketch: SketchClass<any>;
  options: ZodObject;
}

/** A sketch that only connects out and drives a node: the article's clock. */
export interface ClockEntry {
  role: 'clock';
  summary: string;
  options: ZodObject;
}

export type SketchEntry = ServedSketchEntry | ClockEntry;

/**
 * The built-in sketches by name: what runs, and the schema of its options, from which the CLI's
 * flags and the circuit file's checks both derive (so their defaults cannot drift apart). An
 * option whose schema carries `.meta({ peer: true })` names another node: an edge of the circuit.
 */
export const builtInSketches = {
  iopin: {
    role: 'server',
    summary: 'on each tick, write random bits to a pin and stream them to the buzzer',
    sketch: IOPin,
    options: ioPinOptions,
  },
  buzzer: {
    role: 'server',
    summary: '1 switches the piezo on and replies the sound, 0 silences it',
    sketch: Buzzer,
    options: buzzerOptions,
  },
  clock: {
    role: 'clock',
    summary: 'send ticks 0, 1, … to a node (the iopin) and wait for each acknowledgement',
    options: clockOptions,
  },
  button: {
    role: 'clock',
    summary: 'tick a node (the iopin) once per press of a push button on the board, and wait for each acknowledgement',
    options: buttonClockOptions,
  },
} satisfies Record<string, SketchEntry>;

export type BuiltInSketchName = keyof typeof builtInSketches;

export function builtInSketch(name: string): SketchEntry | undefined {
  return Object.hasOwn(builtInSketches, name) ? builtInSketches[name as BuiltInSketchName] : undefined;
}

/** The options of a schema that name other nodes (`.meta({ peer: true })`). */
export function peerOptionNames(options: ZodObject): string[] {
  return Object.entries(options.shape)
    .filter(([, schema]) => (schema as { meta(): Record<string, unknown> | undefined }).meta()?.peer === true)
    .map(([key]) => key);
}
