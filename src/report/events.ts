import type { NodeEvent, PinmeshEvent } from './event-types.js';
import { isoTimeNow } from './wall-time.js';

export type { CoreEvents, CoreEventName, ErrorScope, EventCatalog, EventName, EventOf, NodeEvent, PinmeshEvent } from './event-types.js';

/** Where events go. A node reports through it; the CLI chooses the renderer. */
export interface Reporter {
  /**
   * Reports `event` as said by `node` (a node's name, "board", "clock", "pinmesh"). The event may
   * be formatted after report() returns (off the hot path): do not change it once reported.
   */
  report(node: string, event: PinmeshEvent): void;
  /**
   * Sends on now what was reported so far, where the output gathers events (the CLI's lines wait
   * for the end of a turn of the event loop). A node never waits for it: its replies do not wait
   * for its lines. A program that embeds pinmesh calls it when the lines must be out first.
   */
  flush?(): void;
}

/** Renders events for a terminal, for machines, or keeps them (tests, the live view). */
export interface EventSink {
  write(event: NodeEvent): void;
  /** Sends on what it gathered (see `Reporter.flush`). */
  flush?(): void;
}

/** Stamps each event with its node and the wall-clock time, and hands it to every sink. */
export class EventReporter implements Reporter {
  constructor(private readonly sinks: EventSink[]) {}

  report(node: string, event: PinmeshEvent): void {
    const entry: NodeEvent = Object.assign({ node, event: event.event, time: isoTimeNow() }, event);
    for (const sink of this.sinks) sink.write(entry);
  }

  flush(): void {
    for (const sink of this.sinks) sink.flush?.();
  }
}

/** Swallows events (tests that do not care about output). */
export const silentReporter: Reporter = { report() {} };
