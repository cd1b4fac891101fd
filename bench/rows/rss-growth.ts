/**
 * Row 9 of issue 8: resident memory of a buzzer node flat out (256 frames in flight) over a window,
 * sampled every half second; the fitted growth against a raw `ws` server under the same load.
 * The window is 15 s (5 s with --quick); PINMESH_BENCH_RSS_SECONDS sets it (the figure: 60).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { throughput } from '../lib/load.js';
import { startBuzzer, type ServedNode } from '../lib/pinmesh.js';
import { startRawWs } from '../lib/raw-ws.js';
import { inTurn, type Row, type RoundContext } from '../lib/row.js';
import { slope } from '../lib/stats.js';
import { usageOf } from '../lib/usage.js';

const SAMPLE_EVERY_MS = 500;

function windowMs(quick: boolean): number {
  const seconds = Number(process.env.PINMESH_BENCH_RSS_SECONDS);
  if (Number.isFinite(seconds) && seconds > 0) return Math.min(seconds, 600) * 1000;
  return quick ? 5_000 : 15_000;
}

/** MB/s of RSS growth, fitted over the window's last three quarters (the first is warm-up). */
async function growth(start: () => Promise<ServedNode>, context: RoundContext): Promise<number> {
  const node = await start();
  try {
    const ms = windowMs(context.quick);
    let loading = true;
    const load = throughput(node.url('/iopin'), { connections: 1, depth: 256 }, { frames: 100_000_000, ms }).finally(() => (loading = false));
    const samples: Array<{ x: number; y: number }> = [];
    const started = performance.now();
    while (loading) {
      const { rssBytes, at } = await usageOf(node.child);
      samples.push({ x: at / 1000, y: rssBytes / 1e6 });
      await sleep(SAMPLE_EVERY_MS);
    }
    await load;
    context.log(`  ${node.child.name}: RSS ${samples[0]?.y.toFixed(0)} → ${samples.at(-1)?.y.toFixed(0)} MB over ${((performance.now() - started) / 1000).toFixed(0)} s`);
    return slope(samples.slice(Math.floor(samples.length / 4)));
  } finally {
    await node.child.stop();
  }
}

export const rssGrowthRow: Row = {
  id: 'rss',
  group: 'rss',
  maxRounds: 3,
  figures: [
    {
      label: 'RSS growth of a buzzer node flat out (MB/s)',
      anchor: 'raw ws echo',
      unit: 'MB/s',
      comparison: 'difference',
      goal: { text: 'flat: ≤ max(raw ws, 0) + 0.1 MB/s', met: ({ subject, anchor }) => subject.median <= Math.max(anchor.median, 0) + 0.1 },
    },
  ],
  round: async (context) => {
    const { subject, anchor } = await inTurn(context, () => growth(startBuzzer, context), () => growth(startRawWs, context));
    return [{ subject, anchor }];
  },
};
