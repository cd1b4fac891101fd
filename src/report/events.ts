/**
 * What a running node tells the person watching it. One event = one human line or one JSON line.
 * Every event names its node and carries a wall-clock timestamp; the rest are event fields.
 */
export interface NodeEvent {
  node: string;
  event: string;
  /** ISO-8601 wall-clock time the event was reported. */
  time: string;
  /** Human text for this event; JSON output carries it too as `text`. */
  text: string;
  [field: string]: unknown;
}

export type EventFields = Record<string, unknown>;

/** Where events go. A node reports through it; the CLI chooses the renderer. */
export interface Reporter {
  report(node: string, event: string, text: string, fields?: EventFields): void;
}

/** Formats events for a terminal or for machines. */
export interface EventSink {
  write(event: NodeEvent): void;
}

export class EventReporter implements Reporter {
  constructor(private readonly sinks: EventSink[]) {}

  report(node: string, event: string, text: string, fields: EventFields = {}): void {
    const entry: NodeEvent = { node, event, time: new Date().toISOString(), text, ...fields };
    for (const sink of this.sinks) sink.write(entry);
  }
}

/** Swallows events (tests that do not care about output). */
export const silentReporter: Reporter = { report() {} };
