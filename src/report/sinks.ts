import type { EventSink, NodeEvent } from './events.js';
import { humanLine } from './human-line.js';
import { terminalText } from './terminal-text.js';

type Write = (line: string) => void;

/**
 * One JSON object a line: `{"node":"iopin","event":"pin","time":"…","text":"…","pin":13,"value":1,…}`.
 * Every event, with its human line as `text` (none for an event without one: `replied`).
 */
export function jsonLine(entry: NodeEvent, text = humanLine(entry)): string {
  const { node, event, time, ...fields } = entry;
  return JSON.stringify({ node, event, time, text, ...fields });
}

/**
 * The article's style: `[ iopin ] new tick triggered on /datafeed: 0`; undefined for an event without
 * a human line. A line often carries what another party sent (a tick, a channel, a board node's
 * name): its control characters are shown escaped (`\x1b`), so no one can forge a line, clear the
 * screen or retitle the person's terminal. The JSON line keeps the text exact (JSON escapes them).
 */
export function humanEventLine(entry: NodeEvent, line = humanLine(entry)): string | undefined {
  return line === undefined ? undefined : terminalText(`[ ${entry.node} ] ${line}`);
}

/** Writes each event as its JSON line (see `jsonLine`). */
export function jsonSink(write: Write): EventSink {
  return { write: (entry: NodeEvent) => write(jsonLine(entry)) };
}

/** Writes each event that has a human line as that line (see `humanEventLine`). */
export function humanSink(write: Write): EventSink {
  return {
    write: (entry: NodeEvent) => {
      const line = humanEventLine(entry);
      if (line !== undefined) write(line);
    },
  };
}

/** Keeps events in memory, for tests. */
export function memorySink(): EventSink & { events: NodeEvent[] } {
  const events: NodeEvent[] = [];
  return { events, write: (entry) => void events.push(entry) };
}
