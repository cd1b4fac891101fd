/** A clock for the bench: ticks one node, one tick at a time, and times each tick to its ack. */
import { performance } from 'node:perf_hooks';
import type { Bounds } from './load.js';
import { connect, request } from './ws-request.js';

/** Tick → ack latencies in ms (warm-up ticks first, not counted), within `bounds`. */
export async function tickLatencies(url: string, bounds: Bounds, warmup: number): Promise<number[]> {
  const socket = await connect(url);
  const tick = async (n: number): Promise<void> => {
    const reply = await request(socket, String(n));
    if (reply !== 'acknowledged') throw new Error(`tick ${n} answered "${reply}"`);
  };
  try {
    for (let n = 0; n < warmup; n++) await tick(n);
    const latencies: number[] = [];
    const deadline = performance.now() + bounds.ms;
    for (let n = 0; n < bounds.frames && performance.now() < deadline; n++) {
      const started = performance.now();
      await tick(n);
      latencies.push(performance.now() - started);
    }
    return latencies;
  } finally {
    socket.terminate();
  }
}
