/**
 * Issue 22's circuit rows: tick → ack on the mock board, the iopin and the buzzer a process each
 * (sequence 3, hold 0), against the same topology in bare `ws` (the physical limit of this design
 * in Node) and against the article's Python circuit. The three run side by side and are ticked in
 * turn, 500 ms blocks each, so all three meet the same moments of a busy machine.
 */
import { python, pythonMissing, startArticleCircuit } from '../lib/article.js';
import { startNodesApart } from '../lib/pinmesh.js';
import { startWsCircuit } from '../lib/raw-ws.js';
import type { Figure, Row, RoundContext } from '../lib/row.js';
import { quantile } from '../lib/stats.js';
import { tickLatenciesInTurn } from '../lib/ticks.js';

async function round(context: RoundContext): Promise<{ pinmesh: number[]; bare: number[]; python: number[] }> {
  const stops: Array<() => Promise<void>> = [];
  try {
    const pinmesh = await startNodesApart('mock');
    stops.push(pinmesh.stop);
    const bare = await startWsCircuit();
    stops.push(bare.stop);
    const article = await startArticleCircuit();
    stops.push(async () => void (await Promise.all([article.iopin.child.stop(), article.buzzer.stop()])));
    const urls = { pinmesh: pinmesh.url('/datafeed'), bare: bare.url('/datafeed'), python: article.iopin.url('/datafeed') };
    // The first side of the rotation alternates between rounds too.
    const ordered = context.subjectFirst ? urls : { bare: urls.bare, python: urls.python, pinmesh: urls.pinmesh };
    return await tickLatenciesInTurn(ordered, { frames: 15_000, ms: context.quick ? 1_500 : 4_000, blockMs: 500 }, 200);
  } finally {
    await Promise.all(stops.map((stop) => stop()));
  }
}

const label = (q: string): string => `circuit tick→ack, mock board, iopin and buzzer a process each, sequence 3, hold 0: ${q} (ms)`;
const bareWs = 'bare-`ws` circuit (same topology)';
const article = "article's Python circuit";

const figures: Figure[] = [
  {
    label: label('p50'),
    anchor: bareWs,
    unit: 'ms',
    comparison: 'lower',
    goal: { text: '≤ 1.25× bare ws (ratio ≥ 0.80×)', met: ({ ratio }) => ratio.median >= 0.8 },
  },
  {
    label: label('p99'),
    anchor: bareWs,
    unit: 'ms',
    comparison: 'lower',
    goal: { text: '≤ 2× bare ws (ratio ≥ 0.50×)', met: ({ ratio }) => ratio.median >= 0.5 },
  },
  {
    label: label('p50'),
    anchor: article,
    unit: 'ms',
    comparison: 'lower',
    goal: { text: '≥ 10× faster', met: ({ ratio }) => ratio.median >= 10 },
  },
  { label: label('p99'), anchor: article, unit: 'ms', comparison: 'lower' },
];

export const circuitMockRow: Row = {
  id: 'circuit-mock',
  group: 'circuit',
  skip: () => (python ? undefined : pythonMissing),
  figures,
  round: async (context) => {
    const latencies = await round(context);
    return [
      ...[0.5, 0.99].map((q) => ({ subject: quantile(latencies.pinmesh, q), anchor: quantile(latencies.bare, q) })),
      ...[0.5, 0.99].map((q) => ({ subject: quantile(latencies.pinmesh, q), anchor: quantile(latencies.python, q) })),
    ];
  },
};
