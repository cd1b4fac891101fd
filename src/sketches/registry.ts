import { schemaMeta, type OptionsSchema } from '../schema.js';
import type { StartedNode } from '../runtime/start-node.js';
import type { SketchClass } from '../runtime/sketch.js';
import { Buzzer, buzzerOptions } from './buzzer.js';
import { buttonClockOptions } from './button-clock.js';
import { clockOptions } from './clock.js';
import { serveSketchNode, startButtonClock, startTimedClock, type ClockContext, type NodeToStart, type ServeContext } from './entry-start.js';
import { IOPin, ioPinOptions } from './iopin.js';
import type { ClockSummary } from './tick-tally.js';

/** A sketch served as a node: a WebSocket server whose loop() answers each frame. */
export interface ServedSketchEntry {
  role: 'server';
  summary: string;
  sketch: SketchClass<any>;
  options: OptionsSchema;
  /** Its options are passed as given, unchecked: the sketch (a person's file) declares no `static options`. */
  unchecked?: boolean;
  /** How long a frame may take it by its options, waiting on purpose (the iopin's holds): a clock ticking it allows that much more for the reply. */
  frameTakesMs?(options: Record<string, unknown>): number;
  /** Starts it as a node; resolves once it listens. */
  start(node: NodeToStart, context: ServeContext): Promise<StartedNode>;
}

/** A sketch that only connects out and drives a node: the article's clock, the push button. */
export interface ClockEntry {
  role: 'clock';
  summary: string;
  options: OptionsSchema;
  /** Runs it until it is done or `context.signal` aborts; resolves with what it did. */
  start(node: NodeToStart, context: ClockContext): Promise<ClockSummary>;
}

export type SketchEntry = ServedSketchEntry | ClockEntry;

/** A sketch class as a registry entry: served as a node of its own (a built-in one, or a person's file). */
export function servedSketch(entry: Omit<ServedSketchEntry, 'role' | 'start'>): ServedSketchEntry {
  return { role: 'server', ...entry, start: (node, context) => serveSketchNode(entry.sketch, node, context) };
}

/**
 * The built-in sketches by name: what runs, and the schema of its options, from which the CLI's
 * flags and the circuit file's checks both derive (so their defaults cannot drift apart). An
 * option whose schema carries `.meta({ peer: true })` names another node: an edge of the circuit.
 */
export const builtInSketches = {
  iopin: servedSketch({
    summary: 'on each tick, write random bits to a pin and stream them to the buzzer',
    sketch: IOPin,
    options: ioPinOptions,
    frameTakesMs: (options) => Number(options.sequence) * Number(options.hold),
  }),
  buzzer: servedSketch({
    summary: '1 switches the piezo on and replies the sound, 0 silences it',
    sketch: Buzzer,
    options: buzzerOptions,
  }),
  clock: {
    role: 'clock',
    summary: 'send ticks 0, 1, … to a node (the iopin) and wait for each acknowledgement',
    options: clockOptions,
    start: startTimedClock,
  },
  button: {
    role: 'clock',
    summary: 'tick a node (the iopin) once per press of a push button on the board, and wait for each acknowledgement',
    options: buttonClockOptions,
    start: startButtonClock,
  },
} satisfies Record<string, SketchEntry>;

export type BuiltInSketchName = keyof typeof builtInSketches;

export function builtInSketch(name: string): SketchEntry | undefined {
  return Object.hasOwn(builtInSketches, name) ? builtInSketches[name as BuiltInSketchName] : undefined;
}

/** The options of a schema that name other nodes (`.meta({ peer: true })`). */
export function peerOptionNames(options: OptionsSchema): string[] {
  return Object.entries(options.shape)
    .filter(([, schema]) => schemaMeta(schema)?.peer === true)
    .map(([key]) => key);
}
