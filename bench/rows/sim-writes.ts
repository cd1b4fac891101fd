/** Row 5 of issue 8: awaited DigitalOutput.write on the simulated Uno, one after another, against the serial line. */
import { fixture } from '../lib/paths.js';
import { startSketch } from '../lib/pinmesh.js';
import type { Row } from '../lib/row.js';
import { writesPerSecond } from '../lib/serial-line.js';
import { connect, request } from '../lib/ws-request.js';

interface Burst {
  elapsedMs: number;
  latencies: number[];
}

export const simWritesRow: Row = {
  id: 'sim-writes',
  group: 'sim',
  figures: [
    {
      label: 'awaited DigitalOutput.write, simulated Uno, one after another (writes/s)',
      anchor: 'the serial line (3-byte commands)',
      unit: '/s',
      comparison: 'higher',
      goal: { text: '≥ 1,500/s', met: ({ subject }) => subject.median >= 1_500 },
    },
  ],
  round: async (context) => {
    const node = await startSketch(fixture('write-burst.ts'), 'sim');
    try {
      const socket = await connect(node.url('/bench'));
      try {
        const burst = async (count: number, ms: number): Promise<Burst> => JSON.parse(await request(socket, JSON.stringify({ count, ms }), ms + 30_000)) as Burst;
        await burst(50, 1_000);
        const { elapsedMs, latencies } = await burst(20_000, context.quick ? 1_000 : 2_500);
        return [{ subject: latencies.length / (elapsedMs / 1000), anchor: writesPerSecond }];
      } finally {
        socket.terminate();
      }
    } finally {
      await node.child.stop();
    }
  },
};
