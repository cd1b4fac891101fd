import type { EventSink, NodeEvent } from './events.js';
import { humanLine } from './human-line.js';

type Write = (line: string) => void;

/** One JSON object a line: `{"node":"iopin","event":"pin","time":"…","text":"…","pin":13,"value":1,…}`. */
export function jsonLine(entry: NodeEvent): string {
  const { node, event, time, ...fields } = entry;
  return JSON.stringify({ node, event, time, text: humanLine(entry), ...fields });
}

/** The article's style: `[ iopin ] new tick triggered on /datafeed: 0`. */
export function humanEventLine(entry: NodeEvent): string {
  return `[ ${entry.node} ] ${humanLine(entry)}`;
}

/** Writes each event as its JSON line (see `jsonLine`). */
export function jsonSink(write: Write): EventSink {
  return { write: (entry: NodeEvent) => write(jsonLine(entry)) };
}

/** Writes each event as its human line (see `humanEventLine`). */
export function humanSink(write: Write): EventSink {
  return { write: (entry: NodeEvent) => write(humanEventLine(entry)) };
}

/** Keeps events in memory, for tests. */
export function memorySink(): EventSink & { events: NodeEvent[] } {
  const events: NodeEvent[] = [];
  return { events, write: (entry) => void events.push(entry) };
}
