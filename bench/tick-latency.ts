/**
 * Tick → pin latency: wall time from a clock's tick leaving the host to the first pin change of
 * that tick (as the board reports it: seen on the MCU for the simulated Uno, written by the host for
 * the mock), and to the tick's acknowledgement. Mock and simulated Uno side by side, in one run.
 *
 *   node --import tsx bench/tick-latency.ts [ticks]
 */
import { performance } from 'node:perf_hooks';
import type { Board } from '../src/boards/board.js';
import { MockBoard } from '../src/boards/mock-board.js';
import { createSimBoard } from '../src/boards/sim-board.js';
import { nodeUrl } from '../src/mesh/circuit.js';
import { ArticleClient } from '../test/support/ws-client.js';
import { startTestMesh } from '../test/support/mesh.js';

const ticks = Number(process.argv[2] ?? 50);

async function measure(label: string, board: Board, close: () => Promise<void>) {
  await board.ready();
  // One bit a tick, alternating, so every tick changes the pin.
  const mesh = await startTestMesh({ board, iopin: { sequence: 1 } });
  const client = await ArticleClient.connect(nodeUrl(mesh.circuit.nodes.iopin!, '/datafeed'));
  const toPin: number[] = [];
  const toAck: number[] = [];
  for (let tick = 0; tick < ticks; tick++) {
    const started = performance.now();
    const pin = new Promise<number>((resolve) => board.once('pin', () => resolve(performance.now() - started)));
    const reply = await client.request(String(tick));
    if (reply !== 'acknowledged') throw new Error(`tick ${tick}: ${reply}`);
    toAck.push(performance.now() - started);
    toPin.push(await pin);
  }
  await client.close();
  await mesh.close();
  await close();
  return { label, toPin: summary(toPin), toAck: summary(toAck) };
}

function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `median ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms, max ${sorted.at(-1)!.toFixed(2)} ms`;
}

const mock = new MockBoard();
const sim = createSimBoard();
const results = [await measure('mock board', mock, () => mock.close()), await measure('simulated Uno', sim.board, () => sim.board.close())];
console.log(`tick → pin and tick → ack over ${ticks} ticks (1 bit a tick, hold 0, loopback):`);
for (const { label, toPin, toAck } of results) {
  console.log(`  ${label.padEnd(14)} tick → pin: ${toPin}`);
  console.log(`  ${''.padEnd(14)} tick → ack: ${toAck}`);
}
