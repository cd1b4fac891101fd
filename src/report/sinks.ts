import { clipped } from '../clipped.js';
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
  const record = { node, event, time, text, ...fields };
  const line = JSON.stringify(record);
  return line.length <= MAX_LINE ? line : JSON.stringify(withShortStrings(record));
}

/**
 * Most characters of a line, near enough: an event quoting what a client sent (an 8 KB path, a 60 KB
 * frame) is not copied whole into every line and recording, one client's bytes filling the log.
 * A longer JSON line has its long strings cut (MAX_STRING, then …); a human line is cut at it.
 */
const MAX_LINE = 1_000;
const MAX_STRING = 200;

function withShortStrings(value: unknown): unknown {
  if (typeof value === 'string') return clipped(value, MAX_STRING);
  if (Array.isArray(value)) return value.map(withShortStrings);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, withShortStrings(field)]));
  return value;
}

/**
 * The article's style: `[ iopin ] new tick triggered on /datafeed: 0`; undefined for an event without
 * a human line. A line often carries what another party sent (a tick, a channel, a board node's
 * name): its control characters are shown escaped (`\x1b`), so no one can forge a line, clear the
 * screen or retitle the person's terminal. The JSON line keeps the text exact (JSON escapes them).
 */
export function humanEventLine(entry: NodeEvent, line = humanLine(entry)): string | undefined {
  if (line === undefined) return undefined;
  return clipped(terminalText(`[ ${entry.node} ] ${line}`), MAX_LINE);
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
