/** A clock for the bench: ticks one node, one tick at a time, and times each tick to its ack. */
import { performance } from 'node:perf_hooks';
import type WebSocket from 'ws';
import type { Bounds } from './load.js';
import { connect, request } from './ws-request.js';

async function tick(socket: WebSocket, n: number): Promise<void> {
  const reply = await request(socket, String(n));
  if (reply !== 'acknowledged') throw new Error(`tick ${n} answered "${reply}"`);
}

/** Ticks until `bounds` (frames or ms) is spent, appending each tick → ack in ms to `latencies`; the next tick number. */
async function timeTicks(socket: WebSocket, from: number, bounds: Bounds, latencies: number[]): Promise<number> {
  const deadline = performance.now() + bounds.ms;
  let n = from;
  for (let sent = 0; sent < bounds.frames && performance.now() < deadline; sent++, n++) {
    const started = performance.now();
    await tick(socket, n);
    latencies.push(performance.now() - started);
  }
  return n;
}

/** Tick → ack latencies in ms (warm-up ticks first, not counted), within `bounds`. */
export async function tickLatencies(url: string, bounds: Bounds, warmup: number): Promise<number[]> {
  const socket = await connect(url);
  try {
    for (let n = 0; n < warmup; n++) await tick(socket, n);
    const latencies: number[] = [];
    await timeTicks(socket, warmup, bounds, latencies);
    return latencies;
  } finally {
    socket.terminate();
  }
}

/**
 * Tick → ack latencies of two circuits running side by side, ticked in turn in blocks of
 * `blockMs` (subject, anchor, anchor, subject, …), within `bounds` each. Both sides then see the
 * same moments of a busy machine, which a subject run wholly before its anchor does not; a block
 * is long enough that what a circuit defers (a view's sends every 25 ms) lands in its own block.
 */
export async function tickLatenciesInTurn(
  urls: { subject: string; anchor: string },
  bounds: Bounds & { blockMs: number },
  warmup: number,
): Promise<{ subject: number[]; anchor: number[] }> {
  const sides = { subject: await connect(urls.subject), anchor: await connect(urls.anchor) };
  try {
    const latencies = { subject: [] as number[], anchor: [] as number[] };
    const next = { subject: warmup, anchor: warmup };
    for (const side of ['subject', 'anchor'] as const) for (let n = 0; n < warmup; n++) await tick(sides[side], n);
    const blocks = Math.max(2, Math.round(bounds.ms / bounds.blockMs));
    const block: Bounds = { frames: Math.ceil(bounds.frames / blocks), ms: bounds.blockMs };
    for (let b = 0; b < blocks; b++) {
      const order = b % 2 === 0 ? (['subject', 'anchor'] as const) : (['anchor', 'subject'] as const);
      for (const side of order) next[side] = await timeTicks(sides[side], next[side], block, latencies[side]);
    }
    return latencies;
  } finally {
    sides.subject.terminate();
    sides.anchor.terminate();
  }
}
