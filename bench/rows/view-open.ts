/**
 * Issue 10, item 4: circuit tick → ack on the mock board with the live view's page open, against
 * the same circuit without the view. Goal: within 10%.
 *
 * "The page open" is a feed client in its own process reading and parsing `GET /feed` as the page
 * does (the snapshot, then every batch of events, to the end), so the view folds, serialises and
 * writes every event of the run.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { freePort } from '../lib/free-port.js';
import { startCircuit } from '../lib/pinmesh.js';
import type { Row, RoundContext } from '../lib/row.js';
import { quantile } from '../lib/stats.js';
import { tickLatenciesInTurn } from '../lib/ticks.js';

/**
 * A page on the view, in its own process as a browser tab is: it reads `GET /feed` (the snapshot,
 * then every batch) to the end and parses each message, so the bench's own clock, which times the
 * ticks, never shares its event loop with the feed. Says `reading` once the snapshot arrived, and
 * the bytes and messages it read when told to stop.
 */
const pageScript = `
const port = Number(process.argv[1]);
let bytes = 0, messages = 0, pending = '';
const req = require('node:http').get({ host: '127.0.0.1', port, path: '/feed' }, (res) => {
  if (res.statusCode !== 200) { console.error('the view answered ' + res.statusCode); process.exit(1); }
  res.setEncoding('utf8');
  res.on('data', (chunk) => {
    if (bytes === 0) console.log('reading');
    bytes += Buffer.byteLength(chunk);
    const frames = (pending + chunk).split(String.fromCharCode(10, 10));
    pending = frames.pop();
    for (const frame of frames) if (frame.startsWith('data: ')) { JSON.parse(frame.slice(6)); messages++; }
  });
});
req.on('error', (error) => { console.error(error.message); process.exit(1); });
process.on('SIGTERM', () => { console.log(JSON.stringify({ bytes, messages })); process.exit(0); });
`;

interface Page {
  /** Stops reading (once, however often called); what it read. */
  close: () => Promise<{ bytes: number; messages: number }>;
  ready: Promise<void>;
}

function openPage(port: number): Page {
  const child = spawn(process.execPath, ['-e', pageScript, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`the bench's page stopped (exit ${code})`))));
  exited.catch(() => {});
  const said = async (): Promise<string> => {
    const line = await Promise.race([lines.next(), exited]);
    if (line.done) throw new Error("the bench's page closed its output");
    return line.value;
  };
  const ready = said().then(() => undefined);
  let closed: Promise<{ bytes: number; messages: number }> | undefined;
  const close = async () => {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error("the bench's page had stopped");
    child.kill('SIGTERM');
    return JSON.parse(await said()) as { bytes: number; messages: number };
  };
  return { ready, close: () => (closed ??= close()) };
}

/**
 * One round: the circuit with the view (and a page reading it) and the same circuit without,
 * both running, ticked in turn in blocks of 500 ms.
 */
async function round(context: RoundContext): Promise<{ subject: number[]; anchor: number[] }> {
  const viewPort = await freePort();
  const [viewed, plain] = await Promise.all([startCircuit('mock', ['--view', '--view-port', String(viewPort)]), startCircuit('mock')]);
  const page = openPage(viewPort);
  try {
    await page.ready;
    const latencies = await tickLatenciesInTurn(
      { subject: viewed.url('/datafeed'), anchor: plain.url('/datafeed') },
      { frames: 10_000, ms: context.quick ? 2_000 : 5_000, blockMs: 500 },
      100,
    );
    const read = await page.close();
    context.log(`view-open: the page read ${(read.bytes / 1e6).toFixed(2)} MB of feed in ${read.messages} messages`);
    return latencies;
  } finally {
    await page.close().catch(() => {});
    await Promise.all([viewed.child.stop(), plain.child.stop()]);
  }
}

const withinTenPercent = { text: 'within 10%', met: ({ ratio }: { ratio: { median: number } }) => ratio.median >= 1 / 1.1 };
const mean = (samples: number[]) => samples.reduce((sum, x) => sum + x, 0) / samples.length;

export const viewOpenRow: Row = {
  id: 'view-open',
  group: 'view',
  figures: [
    {
      label: 'circuit tick→ack, mock board, with the view open: p50 (ms)',
      anchor: 'the same circuit, no view',
      unit: 'ms',
      comparison: 'lower',
      goal: withinTenPercent,
    },
    {
      // A view that stalls the loop now and then leaves the median alone and shows here.
      label: 'circuit tick→ack, mock board, with the view open: p99 (ms)',
      anchor: 'the same circuit, no view',
      unit: 'ms',
      comparison: 'lower',
      goal: withinTenPercent,
    },
    {
      // Every µs the view takes from the ticks, wherever it falls.
      label: 'circuit tick→ack, mock board, with the view open: mean (ms)',
      anchor: 'the same circuit, no view',
      unit: 'ms',
      comparison: 'lower',
      goal: withinTenPercent,
    },
  ],
  round: async (context) => {
    const { subject, anchor } = await round(context);
    return [
      ...[0.5, 0.99].map((q) => ({ subject: quantile(subject, q), anchor: quantile(anchor, q) })),
      { subject: mean(subject), anchor: mean(anchor) },
    ];
  },
};
