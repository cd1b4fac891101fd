import { UserError } from '../errors.js';
import { coreEventLines } from './core-event-lines.js';
import type { EventLines, PinmeshEvent } from './event-types.js';

export type { EventLine, EventLines } from './event-types.js';



type AnyLine = (event: PinmeshEvent) => string | undefined;

/** The lines of every event known to this process, by name: pinmesh's own from the start. */
const registered = new Map<string, AnyLine>(Object.entries(coreEventLines) as Array<[string, AnyLine]>);
/** pinmesh's own events, whose lines nothing replaces. */
const core = new Set<string>(registered.keys());

/**
 * Gives the human lines of the events a module (or a sketch) declared in `EventCatalog`, and
 * makes them this process's lines for those events: the human output prints them, the JSON
 * output carries them as `text`. Returns `lines`, to be handed on (a sketch class's static
 * `events`, which the runtime registers again where it runs the sketch).
 *
 * ```ts
 * declare module 'pinmesh' {
 *   interface EventCatalog {
 *     blinked: { pin: number; on: boolean };
 *   }
 * }
 * export const blinkEvents = defineEvents({
 *   blinked: (event) => `pin ${event.pin} ${event.on ? 'lit' : 'dark'}`,
 * });
 * ```
 */
export function defineEvents<const Lines extends EventLines>(lines: Lines): Lines {
  registerEvents(lines);
  return lines;
}

/**
 * Makes `lines` this process's lines for their events (again: idempotent); a later registration
 * of an event replaces the line of an earlier one (two copies of one sketch file), but pinmesh's
 * own events keep theirs.
 */
export function registerEvents(lines: EventLines): void {
  for (const [name, line] of Object.entries(lines)) {
    if (typeof line !== 'function') continue;
    if (core.has(name) && registered.get(name) !== line) throw new UserError(`the event "${name}" is one of pinmesh's own: give your event another name`);
    registered.set(name, line as AnyLine);
  }
}

/**
 * The human line for an event: its registered line, or, for an event nobody gave one, its name
 * and its fields (`blinked {"pin":13,"on":true}`). Undefined for an event that has no line
 * (`replied`): the human output leaves it out.
 */
export function lineOf(event: PinmeshEvent): string | undefined {
  const line = registered.get(event.event);
  return line ? line(event) : fallbackLine(event);
}

function fallbackLine(event: PinmeshEvent): string {
  const { event: name, node: _node, time: _time, ...fields } = event as PinmeshEvent & { node?: string; time?: string };
  return Object.keys(fields).length > 0 ? `${name} ${JSON.stringify(fields)}` : name;
}
