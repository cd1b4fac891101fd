/**
 * Row 7 of issue 8 (and issue 22's idle row): CPU of a running simulated Uno with nothing to do,
 * against a mock node doing the same nothing; and whether the simulated clock still keeps wall time
 * meanwhile. Measured once the node has settled: for the first seconds after a start its process
 * still compiles and collects what starting made (on V8's own threads as well), which is start-up,
 * not idling (measured here when the row was made: 1.5 % of a core on those threads 5–15 s after the
 * start, 0.3 % from 20 s; on 2026-12-06, per thread from /proc, 0.00 % at 11–16 s and 0.03 % at
 * 30–60 s: the window starts late enough, and a later one would not lower the row).
 * The window holds no request either: the LED's "on" comes a second before it and "off" after it
 * (a request's first run compiles the path it takes: the mock node measured 0.12 % with them inside,
 * 0.01 % without).
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { root } from '../lib/paths.js';
import { startSketch, type BoardKind } from '../lib/pinmesh.js';
import { inTurn, type Row, type RoundContext } from '../lib/row.js';
import { cpuPercent, usageOf } from '../lib/usage.js';
import { connect, request } from '../lib/ws-request.js';

const blink = join(root, 'examples/blink.ts');
/** From the node's start to the window (see above). */
const SETTLE_MS = 10_000;
/** From the request before the window to the window's start. */
const AFTER_REQUEST_MS = 1_000;
const pinLine = (value: 0 | 1): RegExp => new RegExp(`^(?=.*"event":"pin")(?=.*"value":${value}[,}])`);

interface Idle {
  cpu: number;
  /** Board time between two pin events over wall time between them (simulated ms on the sim). */
  tracking: number;
}

/** `pinmesh run examples/blink.ts`: an LED on, a quiet window, the LED off. */
async function idle(board: BoardKind, context: RoundContext): Promise<Idle> {
  const node = await startSketch(blink, board, true);
  try {
    const socket = await connect(node.url('/desk'));
    try {
      await sleep(context.quick ? 3_000 : SETTLE_MS);
      const seen = async (value: 0 | 1): Promise<{ at: number; wall: number }> => {
        const since = performance.now();
        const line = node.child.line(pinLine(value), 10_000, since);
        await request(socket, value ? 'on' : 'off');
        const { text, at } = await line;
        return { at: (JSON.parse(text) as { at: number }).at, wall: at };
      };
      // The window holds no request: what one costs (its first run compiles the path it takes) is not idling.
      const on = await seen(1);
      await sleep(AFTER_REQUEST_MS);
      const before = await usageOf(node.child);
      await sleep(context.quick ? 2_000 : 5_000);
      const after = await usageOf(node.child);
      const off = await seen(0);
      return { cpu: cpuPercent(before, after), tracking: (off.at - on.at) / (off.wall - on.wall) };
    } finally {
      socket.terminate();
    }
  } finally {
    await node.child.stop();
  }
}

export const idleCpuRow: Row = {
  id: 'sim-idle',
  group: 'sim',
  figures: [
    {
      label: 'idle CPU of a running simulated Uno (% of a core)',
      anchor: 'a mock node',
      unit: '% of a core',
      comparison: 'lower',
      goal: { text: '≤ 3% of a core', met: ({ subject }) => subject.median <= 3 },
    },
    {
      label: 'simulated time / wall time while idle',
      anchor: 'wall time',
      unit: '×',
      comparison: 'tracking',
      goal: { text: 'within 1%', met: ({ subject }) => Math.abs(subject.median - 1) <= 0.01 },
    },
  ],
  round: async (context) => {
    const { subject, anchor } = await inTurn(context, () => idle('sim', context), () => idle('mock', context));
    return [
      { subject: subject.cpu, anchor: anchor.cpu },
      { subject: subject.tracking, anchor: 1 },
    ];
  },
};
