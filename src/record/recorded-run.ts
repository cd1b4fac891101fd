/**
 * A recording read back for `pinmesh replay`: its events in order, each at its time since the
 * first. A JSONL recording gives every event as it was reported; a VCD gives its wires' changes
 * as `pin` events of a node named "pins" (and the scope's name as the board's kind).
 *
 * A recording whose end was cut off (the run was killed mid-line, a copy stopped short) is read up
 * to the cut, and says so (`cutOff`): what was whole still plays.
 */
import { readFile } from 'node:fs/promises';
import { UserError } from '../errors.js';
import type { NodeEvent } from '../report/events.js';
import { formatOfName } from './recording.js';
import { readVcd } from './vcd-read.js';

export interface RecordedEvent {
  /** Milliseconds since the recording's first event. */
  ms: number;
  event: NodeEvent;
  /** The line the run printed for it (a JSONL recording's `text`): its own, whichever sketch or device worded it. */
  text?: string;
}

export interface RecordedRun {
  file: string;
  events: RecordedEvent[];
  /** Where the recording ends (ms): its last event, or the end a VCD gives. */
  durationMs: number;
  /** Set when the file's end was cut off: what was left out, for the person (the rest plays). */
  cutOff?: string;
}

const unreadable: Record<string, string> = {
  ENOENT: 'there is no such file',
  EISDIR: 'it is a folder',
  EACCES: 'you may not read it',
  EPERM: 'you may not read it',
};

/** Reads a recording; what is not one (or not whole) is a UserError naming the file and the line. */
export async function readRecording(file: string): Promise<RecordedRun> {
  const format = formatOfName(file);
  if (!format) {
    throw new UserError(`cannot replay ${JSON.stringify(file)}: pinmesh replays FILE.jsonl (every event, as --record FILE.jsonl writes it) or FILE.vcd (the pins)`);
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new UserError(`cannot replay ${file}: ${unreadable[code] ?? `it cannot be read (${code || String(error)})`}`);
  }
  return format === 'jsonl' ? jsonlRun(file, text) : vcdRun(file, text);
}

function jsonlRun(file: string, text: string): RecordedRun {
  const events: RecordedEvent[] = [];
  let first: number | undefined;
  let cutOff: string | undefined;
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const wrong = (why: string) => new UserError(`${file}:${index + 1}: ${why}: a recording is what --record FILE.jsonl (or --json) writes, one event a line`);
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      // Only the last line can be cut: every line a run writes ends in a newline.
      if (index === lines.length - 1) {
        cutOff = `the last line of ${file} (line ${index + 1}) is cut off, as when a run ends abruptly: replaying the ${events.length} events before it`;
        return;
      }
      throw wrong('not JSON');
    }
    const entry = value as Partial<NodeEvent> & { text?: unknown };
    if (typeof entry !== 'object' || entry === null || typeof entry.node !== 'string' || typeof entry.event !== 'string' || typeof entry.time !== 'string') {
      throw wrong('not an event (it needs "node", "event" and "time")');
    }
    const at = Date.parse(entry.time);
    if (Number.isNaN(at)) throw wrong(`its time ${JSON.stringify(entry.time)} is not an ISO 8601 time`);
    first ??= at;
    const { text, ...event } = entry;
    events.push({ ms: Math.max(0, at - first, events.at(-1)?.ms ?? 0), event: event as NodeEvent, ...(typeof text === 'string' && { text }) });
  });
  if (events.length === 0) throw new UserError(`${file} holds no events: record one with --record FILE.jsonl`);
  return { file, events, durationMs: events.at(-1)!.ms, ...(cutOff && { cutOff }) };
}

/** D13 → 13, A0 → 14; any other name: its place among the wires. */
function pinOf(name: string, index: number): number {
  const match = /^([DA])(\d+)$/.exec(name);
  if (!match) return index;
  return match[1] === 'D' ? Number(match[2]) : 14 + Number(match[2]);
}

/**
 * A VCD's wires as pin events: each change of level, from LOW before the recording began. A wire
 * that stays LOW from its first value on (the pins no one drove: most of a board's) gives none,
 * so the view shows the pins that moved, as a logic analyzer's trace shows edges.
 */
function vcdRun(file: string, text: string): RecordedRun {
  let dump;
  try {
    dump = readVcd(text);
  } catch (error) {
    throw new UserError(`${file}: ${(error as Error).message}`);
  }
  const wires = new Map(dump.wires.map((wire, index) => [wire.id, { pin: pinOf(wire.name, index), scope: wire.scope, level: 0 }]));
  const kind = dump.wires[0]?.scope || 'board';
  const time = (ms: number) => new Date(ms).toISOString();
  const events: RecordedEvent[] = [{ ms: 0, event: { node: 'board', time: time(0), event: 'board', kind, firmware: 'a recording of the pins', version: '', port: file } }];
  for (const change of dump.changes) {
    const wire = wires.get(change.id)!;
    if (change.value === wire.level) continue;
    wire.level = change.value;
    const { ms } = change;
    events.push({ ms, event: { node: 'pins', time: time(ms), event: 'pin', pin: wire.pin, value: change.value, at: ms, source: wire.scope === 'sim' ? 'mcu' : 'host' } });
  }
  const cutOff = dump.cutOff ? `${file} ends in the middle of a line, as when a run ends abruptly: replaying what comes before it (${(dump.endMs / 1000).toFixed(3)} s)` : undefined;
  return { file, events, durationMs: dump.endMs, ...(cutOff && { cutOff }) };
}
