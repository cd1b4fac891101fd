/** Rows 1–3 of issue 8: `pinmesh buzzer --json` against a raw `ws` echo server, same load, same run. */
import { throughput, type Shape } from '../lib/load.js';
import type { ServedNode } from '../lib/pinmesh.js';
import { startBuzzer } from '../lib/pinmesh.js';
import { startRawWs } from '../lib/raw-ws.js';
import { inTurn, type Row, type RoundContext } from '../lib/row.js';

async function replyRate(start: () => Promise<ServedNode>, shape: Shape, context: RoundContext): Promise<number> {
  const node = await start();
  try {
    const url = node.url('/iopin');
    await throughput(url, shape, { frames: 2_000, ms: 300 }); // warm-up
    return await throughput(url, shape, { frames: 500_000, ms: context.quick ? 1_000 : 2_500 });
  } finally {
    await node.child.stop();
  }
}

function buzzerRow(id: string, label: string, shape: Shape, atLeast: number): Row {
  return {
    id,
    group: 'buzzer',
    figures: [
      {
        label,
        anchor: 'raw ws echo',
        unit: '/s',
        comparison: 'higher',
        goal: { text: `≥ ${atLeast.toFixed(2)}× raw ws`, met: ({ ratio }) => ratio.median >= atLeast },
      },
    ],
    round: async (context) => {
      const { subject, anchor } = await inTurn(
        context,
        // Room for the row's clients (and the warm-up's, which may still be closing) above the default cap of 64.
        () => replyRate(() => startBuzzer({ maxConnections: Math.max(64, 2 * shape.connections) }), shape, context),
        () => replyRate(startRawWs, shape, context),
      );
      return [{ subject, anchor }];
    },
  };
}

export const buzzerRows: Row[] = [
  buzzerRow('buzzer-1', 'buzzer, stop-and-wait, 1 connection (replies/s)', { connections: 1, depth: 1 }, 0.95),
  buzzerRow('buzzer-pipelined', 'buzzer, pipelined, 256 in flight (replies/s)', { connections: 1, depth: 256 }, 0.9),
  buzzerRow('buzzer-10', 'buzzer, 10 connections (replies/s)', { connections: 10, depth: 1 }, 0.9),
  buzzerRow('buzzer-100', 'buzzer, 100 connections (replies/s)', { connections: 100, depth: 1 }, 0.9),
];
