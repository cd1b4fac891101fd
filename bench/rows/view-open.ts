/**
 * Issue 10, item 4: circuit tick → ack on the mock board with the live view's page open, against
 * the same circuit without the view. Goal: within 10%.
 *
 * "The page open" is a feed client reading `GET /feed` as the page does (the snapshot, then every
 * batch of events, to the end), so the view folds, serialises and writes every event of the run.
 */
import { request } from 'node:http';
import { freePort } from '../lib/free-port.js';
import { startCircuit, type ServedNode } from '../lib/pinmesh.js';
import { inTurn, type Row, type RoundContext } from '../lib/row.js';
import { quantile } from '../lib/stats.js';
import { tickLatencies } from '../lib/ticks.js';

/** Reads the view's feed as a page does; resolves with the bytes read once closed. */
function readFeed(port: number): { bytes: () => number; close: () => void; ready: Promise<void> } {
  let bytes = 0;
  let close = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/feed' }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`the view's feed answered ${res.statusCode}`));
      res.on('data', (chunk: Buffer) => {
        if (bytes === 0) resolve();
        bytes += chunk.length;
      });
      res.on('error', () => {});
    });
    req.on('error', reject);
    close = () => req.destroy();
    req.end();
  });
  return { bytes: () => bytes, close: () => close(), ready };
}

async function ticks(node: ServedNode, context: RoundContext): Promise<number[]> {
  return tickLatencies(node.url('/datafeed'), { frames: 5_000, ms: context.quick ? 1_000 : 2_500 }, 100);
}

async function withoutView(context: RoundContext): Promise<number[]> {
  const circuit = await startCircuit('mock');
  try {
    return await ticks(circuit, context);
  } finally {
    await circuit.child.stop();
  }
}

async function withView(context: RoundContext): Promise<number[]> {
  const viewPort = await freePort();
  const circuit = await startCircuit('mock', ['--view', '--view-port', String(viewPort)]);
  const page = readFeed(viewPort);
  try {
    await page.ready;
    const latencies = await ticks(circuit, context);
    context.log(`view-open: the page read ${(page.bytes() / 1e6).toFixed(1)} MB of feed`);
    return latencies;
  } finally {
    page.close();
    await circuit.child.stop();
  }
}

export const viewOpenRow: Row = {
  id: 'view-open',
  group: 'view',
  figures: [
    {
      label: 'circuit tick→ack, mock board, with the view open: p50 (ms)',
      anchor: 'the same circuit, no view',
      unit: 'ms',
      comparison: 'lower',
      goal: { text: 'within 10%', met: ({ ratio }) => ratio.median >= 1 / 1.1 },
    },
    {
      label: 'circuit tick→ack, mock board, with the view open: p99 (ms)',
      anchor: 'the same circuit, no view',
      unit: 'ms',
      comparison: 'lower',
    },
  ],
  round: async (context) => {
    const { subject, anchor } = await inTurn(context, () => withView(context), () => withoutView(context));
    return [0.5, 0.99].map((q) => ({ subject: quantile(subject, q), anchor: quantile(anchor, q) }));
  },
};
