/**
 * What the live view shows, as data: the circuit's layout (from its plan), and everything the
 * events said since (board state, pin levels, piezo tones, node health, recent traces, tick→ack
 * latencies). The server folds every event into it with `applyEvent` and sends it as the snapshot;
 * the page folds the events that follow with the same function. Every list in it is bounded.
 */
import type { NodeEvent } from './view-events.js';

/** The controls' state, sent with the snapshot and again on each change. */
export interface ControlsState {
  /** Actions the page may ask for (`POST /control`), with their button labels, in order. */
  actions: Array<{ action: string; label: string }>;
  /** The clock: ticking, paused, done (its ticks were all sent), or there is none in this process. */
  clock: 'running' | 'paused' | 'done' | 'none';
  /** The simulated Uno's USB cable, or none to pull. */
  cable: 'plugged' | 'unplugged' | 'none';
  /** A recording played back (`pinmesh replay --view`): where it is; absent in a live view. */
  replay?: ReplayStatus;
}

/** Where a replay is: the page's scrubber draws it, and asks for `seek` with an `at`. */
export interface ReplayStatus {
  playing: boolean;
  /** Milliseconds into the recording, and its length. */
  atMs: number;
  durationMs: number;
  /** Recorded ms played per wall ms. */
  speed: number;
  /** Events played so far, of `count`. */
  played: number;
  count: number;
  /** The recording's file name (no folder), which the page names instead of "live". */
  file: string;
  /** The server's monotonic clock (ms) when this was said: a playing scrubber moves on from there. */
  since: number;
}

/**
 * Events in the order they happened, as the node reported them (sent as they are, not copied),
 * and `times[i]`: when the view saw `events[i]`, on the server's monotonic clock in ms. When the
 * circuit ran faster than the feed's budget, `thinned` says so (see OutgoingBatch).
 */
export interface EventBatch {
  events: NodeEvent[];
  times: number[];
  thinned?: Thinned;
}

/**
 * A thinned batch carries only the latest event of each kind, which ends the page on the right
 * pins, tones, board and last ticks; what the left-out events counted comes as the server's own
 * figures, which the page takes after it folds the batch (see applyBatch).
 */
export interface Thinned {
  /** Events of the window that were not sent. */
  skipped: number;
  health: ViewState['health'];
  pending: ViewState['pending'];
  /** The tick → ack latencies added since the previous batch (newest last), and the count of all so far. */
  latencies: number[];
  settled: number;
}

/** A pin a node of the plan uses, with its mode (an LED on a digital output, a piezo on PWM). */
export interface PinLayout {
  pin: number;
  mode: string;
  /** The option that names it, e.g. "pin" or "buzzerPin". */
  option: string;
}

/** A node of the circuit plan. */
export interface NodeLayout {
  name: string;
  /** The sketch it runs: a built-in name or the user's file. */
  sketch: string;
  role: 'server' | 'clock';
  /** ws:// or wss:// URL of a node that serves. */
  url?: string;
  /** The nodes it talks to: the edges of the mesh. */
  peers: string[];
  pins: PinLayout[];
  /** Run by this process (its events reach the view); otherwise only its place in the plan is known. */
  local: boolean;
}

export interface ViewLayout {
  nodes: NodeLayout[];
}

export type BoardStatus = 'none' | 'connecting' | 'online' | 'offline' | 'closed';

export interface BoardView {
  status: BoardStatus;
  kind?: string;
  firmware?: string;
  version?: string;
  port?: string;
  /** Which board ("uno", "nano", "mega"), as its identity names it: the drawing the page shows. */
  board?: string;
  /** Why it is offline. */
  reason?: string;
}

export type NodeStatus = 'planned' | 'listening' | 'waiting' | 'error' | 'remote' | 'ticking' | 'paused' | 'done';

export interface NodeHealth {
  status: NodeStatus;
  /** Clients connected to it now. */
  clients: number;
  /** The last thing that went wrong, or what it waits for. */
  note?: string;
  /** Frames answered, `replied` events (server), or ticks acknowledged (clock). */
  answered: number;
  errors: number;
  /** The clock's last tick and its reply. */
  lastTick?: number;
  lastReply?: string;
}

export interface PinLevel {
  value: 0 | 1;
  node: string;
  /** The observation's own time (simulated ms on the MCU, epoch ms from the host). */
  at: number;
  source: string;
}

export interface PiezoTone {
  on: boolean;
  frequency?: number;
  node: string;
  at: number;
}

/** One change on the logic-analyzer strip. */
export interface Trace {
  t: number;
  kind: 'pin' | 'buzz';
  pin: number;
  level: 0 | 1;
  frequency?: number;
}

export interface ViewState {
  layout: ViewLayout;
  board: BoardView;
  health: Record<string, NodeHealth>;
  pins: Record<string, PinLevel>;
  piezos: Record<string, PiezoTone>;
  traces: Trace[];
  /** Tick → ack latencies of the clocks, in ms, newest last. */
  latencies: number[];
  /** Ticks answered since the start: how many latencies were ever added (the list keeps the last). */
  settled: number;
  /** Ticks sent and not answered yet: `${clock}:${tick}` → t. */
  pending: Record<string, number>;
  controls: ControlsState;
  /** The server's monotonic clock when this state was last changed (ms). */
  now: number;
}

export const limits = {
  /** Changes kept for the strip at most (and the time they cover); trimmed a chunk at a time. */
  traces: 4_000,
  traceWindowMs: 30_000,
  /** What a trim leaves of `traces`: dropping a fifth at once keeps a change O(1), not a 4,000-long shift. */
  tracesAfterTrim: 3_200,
  latencies: 500,
  pending: 64,
};

export function emptyState(layout: ViewLayout): ViewState {
  const health: Record<string, NodeHealth> = {};
  for (const node of layout.nodes) health[node.name] = { status: node.local ? 'planned' : 'remote', clients: 0, answered: 0, errors: 0 };
  return {
    layout,
    board: { status: 'none' },
    health,
    pins: {},
    piezos: {},
    traces: [],
    latencies: [],
    settled: 0,
    pending: {},
    controls: { actions: [], clock: 'none', cable: 'none' },
    now: 0,
  };
}

function healthOf(state: ViewState, node: string): NodeHealth {
  let health = state.health[node];
  if (!health) {
    health = { status: 'listening', clients: 0, answered: 0, errors: 0 };
    state.health[node] = health;
  }
  return health;
}

/**
 * Folds one event, seen at `t` (the server's monotonic clock, ms), into the state. Cheap and
 * bounded: a few field writes and an append; the lists are trimmed a chunk at a time.
 */
export function applyEvent(state: ViewState, event: NodeEvent, t: number): void {
  state.now = t;
  switch (event.event) {
    case 'connecting':
      state.board = { status: 'connecting', kind: event.kind, port: event.port };
      break;
    case 'board':
    case 'online':
      state.board = { status: 'online', kind: event.kind, firmware: event.firmware, version: event.version, port: event.port, ...(event.board !== undefined && { board: event.board }) };
      break;
    case 'offline':
      state.board = { ...state.board, status: 'offline', reason: event.reason };
      break;
    case 'closed':
      state.board = { ...state.board, status: 'closed' };
      break;
    case 'listening': {
      const health = healthOf(state, event.node);
      health.status = 'listening';
      delete health.note;
      break;
    }
    case 'connected':
      healthOf(state, event.node).clients++;
      break;
    case 'disconnected': {
      const health = healthOf(state, event.node);
      health.clients = Math.max(0, health.clients - 1);
      break;
    }
    case 'waiting': {
      const health = healthOf(state, event.node);
      health.status = 'waiting';
      health.note = `waiting for ${event.peer}${event.reason ? ` (${event.reason})` : ''}`;
      break;
    }
    case 'reached': {
      // The iopin's buzzer answered after a wait: it serves as before the wait.
      const health = healthOf(state, event.node);
      if (health.status === 'waiting') {
        health.status = 'listening';
        delete health.note;
      }
      break;
    }
    // Pins and tones change in place and every trace has one shape (an absent frequency is left
    // out when sent): a busy circuit's events make as little garbage in the view as they can.
    case 'pin': {
      const level = state.pins[event.pin];
      if (level) {
        level.value = event.value;
        level.node = event.node;
        level.at = event.at;
        level.source = event.source;
      } else state.pins[event.pin] = { value: event.value, node: event.node, at: event.at, source: event.source };
      addTrace(state, { t, kind: 'pin', pin: event.pin, level: event.value, frequency: undefined });
      break;
    }
    case 'buzz': {
      const tone = state.piezos[event.pin];
      if (tone) {
        tone.on = event.on;
        tone.frequency = event.frequency;
        tone.node = event.node;
        tone.at = event.at;
      } else state.piezos[event.pin] = { on: event.on, frequency: event.frequency, node: event.node, at: event.at };
      addTrace(state, { t, kind: 'buzz', pin: event.pin, level: event.on ? 1 : 0, frequency: event.frequency });
      break;
    }
    // Every node that serves, built-in or the user's: each frame it answered.
    case 'replied':
      healthOf(state, event.node).answered++;
      break;
    case 'tick':
      if ('target' in event) {
        const health = healthOf(state, event.node);
        health.status = 'ticking';
        health.lastTick = event.tick;
        delete health.lastReply;
        addPending(state, `${event.node}:${event.tick}`, t);
      }
      break;
    case 'ack': {
      const health = healthOf(state, event.node);
      if ('tick' in event) {
        health.answered++;
        health.lastTick = event.tick;
        health.lastReply = event.reply;
        settle(state, `${event.node}:${event.tick}`, t);
      } else if (health.status === 'waiting') {
        health.status = 'listening';
        delete health.note;
      }
      break;
    }
    case 'error': {
      const health = healthOf(state, event.node);
      health.errors++;
      health.note = event.error;
      // Its server failed, or the error that ended the command is its sketch's (setup(), or work it left running).
      if (event.scope === 'server' || (event.scope === 'command' && event.node !== 'pinmesh')) health.status = 'error';
      if (event.tick !== undefined) {
        health.lastTick = event.tick;
        if (event.reply !== undefined) health.lastReply = event.reply;
        delete state.pending[`${event.node}:${event.tick}`];
      }
      break;
    }
    case 'done':
      healthOf(state, event.node).status = 'done';
      break;
    default:
      break;
  }
}

/**
 * Folds a batch from the feed, as the page does: every event in order. A thinned batch's events
 * are only some of them: the counters, the pending ticks and the latencies it carries are the
 * server's, and take the place of what folding those events would have made of them.
 */
export function applyBatch(state: ViewState, { events, times, thinned }: EventBatch): void {
  const latencies = state.latencies;
  if (thinned) state.latencies = [];
  for (let i = 0; i < events.length; i++) applyEvent(state, events[i]!, times[i]!);
  if (!thinned) return;
  state.health = thinned.health;
  state.pending = thinned.pending;
  state.latencies = latencies;
  addLatencies(state, thinned.latencies);
  state.settled = thinned.settled;
}

/** The latencies added to `state` since it had settled `since` ticks (newest last). */
export function latenciesSince(state: ViewState, since: number): number[] {
  const count = Math.min(state.settled - since, state.latencies.length);
  return count > 0 ? state.latencies.slice(-count) : [];
}

function addLatencies(state: ViewState, latencies: number[]): void {
  state.latencies.push(...latencies);
  if (state.latencies.length > limits.latencies) state.latencies.splice(0, state.latencies.length - limits.latencies);
}

function addTrace(state: ViewState, trace: Trace): void {
  const traces = state.traces;
  traces.push(trace);
  // traces[0] may be the one change kept from before the window: traces[1] says whether any expired.
  const expired = traces.length > 1 && traces[1]!.t < trace.t - limits.traceWindowMs * 1.25;
  if (traces.length > limits.traces || expired) trimTraces(traces, trace.t);
}

/** Drops the changes beyond `tracesAfterTrim` and those older than the window, in one splice. */
function trimTraces(traces: Trace[], now: number): void {
  const oldest = now - limits.traceWindowMs;
  let drop = Math.max(0, traces.length - limits.tracesAfterTrim);
  while (drop < traces.length && traces[drop]!.t < oldest) drop++;
  // Keep the last change before the window: it says what the level was when the window starts.
  if (drop > 1) traces.splice(0, drop - 1);
}

function addPending(state: ViewState, key: string, t: number): void {
  state.pending[key] = t;
  const keys = Object.keys(state.pending);
  if (keys.length > limits.pending) delete state.pending[keys[0]!];
}

function settle(state: ViewState, key: string, t: number): void {
  const sent = state.pending[key];
  if (sent === undefined) return;
  delete state.pending[key];
  // To the µs: the page needs no more, and the snapshot and thinned batches carry them all.
  addLatencies(state, [Math.round((t - sent) * 1000) / 1000]);
  state.settled++;
}
