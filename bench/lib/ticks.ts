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
 * Tick → ack latencies of circuits running side by side, ticked in turn in blocks of `blockMs`
 * (the order rotating each block: a b c, b c a, c a b, …), within `bounds` each. Every side then
 * sees the same moments of a busy machine, which a subject run wholly before its anchor does not;
 * a block is long enough that what a circuit defers (a view's sends every 25 ms) lands in its own block.
 */
export async function tickLatenciesInTurn<K extends string>(
  urls: Record<K, string>,
  bounds: Bounds & { blockMs: number },
  warmup: number,
): Promise<Record<K, number[]>> {
  const names = Object.keys(urls) as K[];
  const sockets = {} as Record<K, WebSocket>;
  try {
    for (const name of names) sockets[name] = await connect(urls[name]);
    const latencies = {} as Record<K, number[]>;
    const next = {} as Record<K, number>;
    for (const name of names) {
      latencies[name] = [];
      next[name] = warmup;
      for (let n = 0; n < warmup; n++) await tick(sockets[name], n);
    }
    const blocks = Math.max(names.length, Math.round(bounds.ms / bounds.blockMs));
    const block: Bounds = { frames: Math.ceil(bounds.frames / blocks), ms: bounds.blockMs };
    for (let b = 0; b < blocks; b++) {
      for (let i = 0; i < names.length; i++) {
        const name = names[(b + i) % names.length]!;
        next[name] = await timeTicks(sockets[name], next[name], block, latencies[name]);
      }
    }
    return latencies;
  } finally {
    for (const name of names) sockets[name]?.terminate();
  }
}
