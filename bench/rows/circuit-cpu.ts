/**
 * Where the circuit row's time goes: the CPU each process spends on one tick (user + system, every
 * thread: its stdout writer's included), pinmesh's `pinmesh iopin` and `pinmesh buzzer` (mock board,
 * sequence 3, hold 0, their --json lines on a pipe that is read) against the bare-`ws` circuit's two
 * processes, ticked one tick at a time by the bench. Both make the same system calls a tick (4
 * `writev`, 4 `read`, about 7 `epoll_pwait` in each iopin, `strace -c`), so the difference is the
 * JavaScript each runs: its queues, checks and events.
 */
import { startNodesApart } from '../lib/pinmesh.js';
import { startWsCircuit } from '../lib/raw-ws.js';
import { inTurn, type Figure, type Row, type RoundContext } from '../lib/row.js';
import type { Child } from '../lib/spawn.js';
import { tickLatencies } from '../lib/ticks.js';
import { usageOf } from '../lib/usage.js';

interface Circuit {
  child: Child;
  buzzer: Child;
  url: (channel: string) => string;
  stop: () => Promise<void>;
}

/** µs of CPU a tick, iopin and buzzer, over one run of ticks after a warm-up. */
async function cpuPerTick(start: () => Promise<Circuit>, context: RoundContext): Promise<{ iopin: number; buzzer: number }> {
  const circuit = await start();
  try {
    const url = circuit.url('/datafeed');
    await tickLatencies(url, { frames: 2_000, ms: 1_000 }, 0); // warm-up: the code compiled, the links open
    const before = await Promise.all([usageOf(circuit.child), usageOf(circuit.buzzer)]);
    const ticks = (await tickLatencies(url, { frames: 50_000, ms: context.quick ? 2_000 : 5_000 }, 0)).length;
    const after = await Promise.all([usageOf(circuit.child), usageOf(circuit.buzzer)]);
    return { iopin: (after[0].cpuMicros - before[0].cpuMicros) / ticks, buzzer: (after[1].cpuMicros - before[1].cpuMicros) / ticks };
  } finally {
    await circuit.stop();
  }
}

const figure = (node: string): Figure => ({
  label: `circuit, CPU a tick of the ${node} process, mock board, sequence 3, hold 0 (µs)`,
  anchor: 'bare-`ws` circuit (same topology)',
  unit: 'µs',
  comparison: 'lower',
});

export const circuitCpuRow: Row = {
  id: 'circuit-cpu',
  group: 'circuit',
  figures: [figure('iopin'), figure('buzzer')],
  round: async (context) => {
    const { subject, anchor } = await inTurn(context, () => cpuPerTick(() => startNodesApart('mock'), context), () => cpuPerTick(startWsCircuit, context));
    return [
      { subject: subject.iopin, anchor: anchor.iopin },
      { subject: subject.buzzer, anchor: anchor.buzzer },
    ];
  },
};
