/**
 * What going through a board node costs:   node --import tsx bench/remote-board.ts
 *
 * For the mock board and the simulated Uno, local and through a board node on 127.0.0.1
 * (RemoteBoard → WebSocket → serveBoard → the board): the median and p99 round trip of one
 * digitalWrite awaited before the next, and the throughput of 2,000 writes issued at once.
 * Bounded: 500 sequential and 2,000 concurrent writes per row.
 */
import { performance } from 'node:perf_hooks';
import type { Board } from '../src/boards/board.js';
import { MockBoard } from '../src/boards/mock-board.js';
import { serveBoard } from '../src/board-node/board-server.js';
import { RemoteBoard } from '../src/boards/remote/remote-board.js';
import { createSimBoard } from '../src/boards/sim-board.js';
import { silentReporter } from '../src/report/events.js';

const SEQUENTIAL = 500;
const CONCURRENT = 2_000;

const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * q))]!;

async function measure(label: string, board: Board): Promise<void> {
  await board.digitalWrite(13, 0);
  const times: number[] = [];
  for (let i = 0; i < SEQUENTIAL; i += 1) {
    const start = performance.now();
    await board.digitalWrite(13, (i % 2) as 0 | 1);
    times.push(performance.now() - start);
  }
  const start = performance.now();
  await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => board.digitalWrite(13, (i % 2) as 0 | 1)));
  const seconds = (performance.now() - start) / 1000;
  console.log(`${label.padEnd(28)} round trip median ${quantile(times, 0.5).toFixed(3)} ms, p99 ${quantile(times, 0.99).toFixed(3)} ms; ${Math.round(CONCURRENT / seconds)} writes/s concurrent`);
}

async function remote(board: Board): Promise<{ client: RemoteBoard; stop: () => Promise<void> }> {
  const node = await serveBoard(board, { host: '127.0.0.1', port: 0, reporter: silentReporter });
  const client = new RemoteBoard({ url: node.url });
  await client.ready();
  return { client, stop: async () => (await client.close(), await node.close()) };
}

const mock = new MockBoard();
await measure('mock, local', mock);
const viaMock = await remote(mock);
await measure('mock, through a board node', viaMock.client);
await viaMock.stop();
await mock.close();

const { board: sim } = createSimBoard();
await sim.ready();
await measure('simulated Uno, local', sim);
const viaSim = await remote(sim);
await measure('simulated Uno, board node', viaSim.client);
await viaSim.stop();
await sim.close();
