import type { EventSink, NodeEvent } from './events.js';

type Write = (line: string) => void;

const toStdout: Write = (line) => process.stdout.write(line + '\n');

/** One JSON object a line: `{"node":"iopin","event":"pin","time":"…","pin":13,"value":1,…}`. */
export function jsonSink(write: Write = toStdout): EventSink {
  return { write: (event: NodeEvent) => write(JSON.stringify(event)) };
}

/** The article's style: `[ iopin ] new tick on /datafeed: 0`. */
export function humanSink(write: Write = toStdout): EventSink {
  return { write: (event: NodeEvent) => write(`[ ${event.node} ] ${event.text}`) };
}

/** Keeps events in memory, for tests. */
export function memorySink(): EventSink & { events: NodeEvent[] } {
  const events: NodeEvent[] = [];
  return { events, write: (event) => void events.push(event) };
}
