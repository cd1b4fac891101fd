/**
 * Issue 21.2: a scenario with 60 s of simulated time, the article's circuit ticking once a second
 * (every tick: 3 bits held 200 ms each on pin 13, streamed to the buzzer, which sounds pin 3), run
 * through pinmesh/testing in this process: the wall time it takes, against the 60 s it stands for.
 * On the mock board the time is virtual; on the simulated Uno the MCU runs unpaced and the run's
 * timers follow its clock. Starting (and the simulated Uno's boot) is not counted.
 */
import { performance } from 'node:perf_hooks';
import { testCircuit } from '../../src/testing/index.js';
import type { Row } from '../lib/row.js';

const SIMULATED_MS = 60_000;

async function wallMsFor60s(board: 'mock' | 'sim'): Promise<number> {
  const bench = await testCircuit({ board, ticks: 0, delay: 1, seed: 1 });
  try {
    const started = performance.now();
    const from = bench.now();
    await bench.delay(SIMULATED_MS);
    const wall = performance.now() - started;
    const acked = bench.events.filter((event) => event.node === 'clock' && event.event === 'ack').length;
    // A tick takes 1.4 s (the delay, and two holds of its three bits): 42 of them, fewer where the MCU's time runs on while the host works.
    if (acked < 30) throw new Error(`only ${acked} ticks acknowledged in ${bench.now() - from} ms of simulated time on ${board}`);
    return wall;
  } finally {
    await bench.stop();
  }
}

function virtualTimeRow(board: 'mock' | 'sim'): Row {
  return {
    id: `scenario-60s-${board}`,
    group: 'testing',
    maxRounds: board === 'sim' ? 3 : 5,
    figures: [
      {
        label: `scenario of 60 s simulated time, ${board === 'mock' ? 'mock board (virtual time)' : 'simulated Uno (unpaced MCU)'} (wall ms)`,
        anchor: '60 s of wall time',
        unit: 'ms',
        comparison: 'lower',
        goal: { text: '≤ 6 s', met: ({ subject }) => subject.median <= 6_000 },
      },
    ],
    round: async () => [{ subject: await wallMsFor60s(board), anchor: SIMULATED_MS }],
  };
}

export const virtualTimeRows: Row[] = [virtualTimeRow('mock'), virtualTimeRow('sim')];
