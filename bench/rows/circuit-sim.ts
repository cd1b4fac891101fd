/** Row 6 of issue 8: circuit tick → ack on the simulated Uno against the 6 commands a tick puts on the line. */
import { startCircuit } from '../lib/pinmesh.js';
import type { Row } from '../lib/row.js';
import { lineMs } from '../lib/serial-line.js';
import { quantile } from '../lib/stats.js';
import { tickLatencies } from '../lib/ticks.js';

/** Sequence 3: three pin 13 writes and three piezo writes. */
const COMMANDS_A_TICK = 6;

export const circuitSimRow: Row = {
  id: 'circuit-sim',
  group: 'sim',
  figures: [
    {
      label: 'circuit tick→ack, simulated Uno, sequence 3, hold 0: p50 (ms)',
      anchor: `${COMMANDS_A_TICK} commands on the serial line`,
      unit: 'ms',
      comparison: 'lower',
      goal: { text: '≤ 6 ms', met: ({ subject }) => subject.median <= 6 },
    },
  ],
  round: async (context) => {
    const circuit = await startCircuit('sim');
    try {
      const latencies = await tickLatencies(circuit.url('/datafeed'), { frames: 2_000, ms: context.quick ? 1_500 : 3_000 }, 10);
      return [{ subject: quantile(latencies, 0.5), anchor: lineMs(COMMANDS_A_TICK) }];
    } finally {
      await circuit.child.stop();
    }
  },
};
