/** Row 4 of issue 8: circuit tick → ack on the mock board against the article's Python circuit. */
import { python, pythonMissing, startArticleCircuit } from '../lib/article.js';
import { startCircuit, type ServedNode } from '../lib/pinmesh.js';
import { inTurn, type Row, type RoundContext } from '../lib/row.js';
import { quantile } from '../lib/stats.js';
import { tickLatencies } from '../lib/ticks.js';

async function latencies(node: ServedNode, context: RoundContext): Promise<number[]> {
  return tickLatencies(node.url('/datafeed'), { frames: 5_000, ms: context.quick ? 1_000 : 2_500 }, 100);
}

async function pinmeshTicks(context: RoundContext): Promise<number[]> {
  const circuit = await startCircuit('mock');
  try {
    return await latencies(circuit, context);
  } finally {
    await circuit.child.stop();
  }
}

async function articleTicks(context: RoundContext): Promise<number[]> {
  const { iopin, buzzer } = await startArticleCircuit();
  try {
    return await latencies(iopin, context);
  } finally {
    await Promise.all([iopin.child.stop(), buzzer.stop()]);
  }
}

export const circuitMockRow: Row = {
  id: 'circuit-mock',
  group: 'circuit',
  skip: () => (python ? undefined : pythonMissing),
  figures: [
    {
      label: 'circuit tick→ack, mock board, sequence 3, hold 0: p50 (ms)',
      anchor: "article's Python circuit",
      unit: 'ms',
      comparison: 'lower',
      goal: { text: '≥ 10× faster', met: ({ ratio }) => ratio.median >= 10 },
    },
    {
      label: 'circuit tick→ack, mock board, sequence 3, hold 0: p99 (ms)',
      anchor: "article's Python circuit",
      unit: 'ms',
      comparison: 'lower',
      goal: { text: 'p99 < 1 ms', met: ({ subject }) => subject.median < 1 },
    },
  ],
  round: async (context) => {
    const { subject, anchor } = await inTurn(context, () => pinmeshTicks(context), () => articleTicks(context));
    return [0.5, 0.99].map((q) => ({ subject: quantile(subject, q), anchor: quantile(anchor, q) }));
  },
};
